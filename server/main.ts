import closeWithGrace from 'close-with-grace'
import { type DemoCabinet, startDemoCabinet } from '../devices/lock-board/demo-cabinet.js'
import { startSimulators } from '../devices/simulators.js'
import { systemClock } from './clock.js'
import { waitForSetClock } from './clock-set.js'
import { DEMO_CABINET_PORT, DEMO_LOGIN } from './config/defaults.js'
import { ConfigError, configPathFrom, loadConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import { buildHub } from './hub.js'
import { sdNotify } from './systemd/notify.js'
import { storeHealth } from './systemd/store-health.js'
import { startWatchdog, watchdogMs } from './systemd/watchdog.js'

const USAGE = `usage: node dist/server/main.js [--config station.yaml] [--demo]
  --config <file>  station configuration (YAML or JSON); also $REDSTATION_CONFIG. None: the demo station.
  --demo           also run the device simulators against the broker (what npm start does).`

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE)
    return
  }
  const known = new Set(['--config', '--demo'])
  const unknown = argv.filter(
    (a, i) => a.startsWith('-') && !known.has(a.split('=')[0] as string) && argv[i - 1] !== '--config',
  )
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(' ')}\n${USAGE}`)
    process.exit(2)
  }
  const demo = argv.includes('--demo')
  let config: Awaited<ReturnType<typeof loadConfig>>
  let configPath: string | undefined
  try {
    configPath = configPathFrom(argv, process.env)
    config = await loadConfig(configPath, { demo })
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }

  // systemd (Type=notify): READY=1 once listening, WATCHDOG=1 while healthy, STOPPING=1 on close.
  const notify = sdNotify({ onError: (m) => console.error(m) })
  // Before the store opens, so that nothing is journaled with the date of a clock not yet set.
  await waitForSetClock({
    onWait: (m) => {
      console.error(m)
      void notify.send(`STATUS=${m}`, 'EXTEND_TIMEOUT_USEC=120000000')
    },
  })

  const cabinet = await demoCabinet(config, demo)
  const hub = await buildHub({ config, clock: systemClock }).catch(async (err) => {
    await cabinet.running?.stop()
    throw err
  })
  if (cabinet.note) hub.log.warn(cabinet.note)
  let simulators: Awaited<ReturnType<typeof startSimulators>> | null = null
  let watchdog: { stop(): void } | null = null

  // Not the fault signals: after a real SIGSEGV a handler that returns re-runs the faulting instruction
  // forever, and the process never dies for systemd to restart it. Let Node crash on those.
  const skip: ('SIGSEGV' | 'SIGBUS' | 'SIGFPE' | 'SIGILL')[] = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL']
  closeWithGrace(
    { delay: 10_000, skip, logger: { error: (m: string) => hub.log.error(m) } },
    async ({ signal, err }) => {
      if (err) hub.log.error({ err }, 'closing after an unexpected error')
      else hub.log.info(`${signal}: closing`)
      watchdog?.stop()
      await notify.send('STOPPING=1')
      await simulators?.stop()
      await hub.close()
      await cabinet.running?.stop()
    },
  )

  try {
    await hub.listen({ host: config.http.host, port: config.http.port })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    hub.log.error(
      e.code === 'EADDRINUSE' ? `port ${config.http.port} is already in use (http.port)` : e.message,
    )
    await hub.close()
    process.exit(1)
  }
  if (demo) {
    simulators = await startSimulators({
      url: hub.mqtt.url,
      stationId: config.station.id,
      devices: config.devices.map((d) => ({
        id: d.id,
        kind: d.kind,
        unitWeight: d.unitWeight,
        username: d.mqtt?.username,
        password: d.mqtt?.password,
      })),
      intervalMs: 2000,
      log: (m) => hub.log.info(`simulator: ${m}`),
    })
  }
  const shown = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host
  const port = (hub.server.address() as { port: number }).port
  hub.log.info(
    `kiosk: http://${shown}:${port}/  API docs: http://${shown}:${port}/docs  MQTT: ${hub.mqtt.url}`,
  )
  const login = demo ? ` (demo login: ${DEMO_LOGIN.name} / ${DEMO_LOGIN.password})` : ''
  hub.log.info(`manager console: http://${shown}:${port}/manage.html${login}`)
  await notify.send('READY=1', `STATUS=serving on port ${port}`)
  const periodMs = watchdogMs()
  if (periodMs && notify.enabled)
    watchdog = startWatchdog({ notify, periodMs, health: storeHealth(hub), log: (m) => hub.log.warn(m) })
}

/**
 * The demo station's charging cabinet: with --demo, a simulated board on a socat pseudo-terminal whose path
 * replaces the placeholder port. Without socat (or without --demo) the demo runs with no cabinet, and says so.
 */
async function demoCabinet(
  config: Config,
  demo: boolean,
): Promise<{ running: DemoCabinet | null; note: string | null }> {
  const bus = config.lockers.buses.find((b) => b.port === DEMO_CABINET_PORT)
  if (!bus) return { running: null, note: null }
  const without = () => {
    config.lockers.buses = config.lockers.buses.filter((b) => b !== bus)
    config.lockers.lockers = config.lockers.lockers.filter((l) => l.bus !== bus.id)
  }
  if (!demo) {
    without()
    return { running: null, note: null }
  }
  try {
    const running = await startDemoCabinet({ locks: bus.boards[0]?.locks ?? 8 })
    bus.port = running.path
    return { running, note: null }
  } catch (err) {
    without()
    return {
      running: null,
      note: `demo: running without the charging cabinet (${(err as Error).message}); apt-get install socat to see it`,
    }
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
