import { join } from 'node:path'
import closeWithGrace from 'close-with-grace'
import { buildCentral } from './central/build.js'
import { runCommand } from './central/cli.js'
import { lockDataDir } from './central/data-lock.js'
import { DEMO_STAFF, type DemoFleet, demoStaff, registerDemo, startDemoFleet } from './central/demo.js'
import { parseOptions, USAGE } from './central/options.js'
import { loadSettings } from './central/settings.js'
import { systemClock } from './clock.js'

/** The launcher of the central role: `npm run central` (docs/central.md). */
async function main(argv: string[]): Promise<void> {
  let o: ReturnType<typeof parseOptions>
  try {
    o = parseOptions(argv, process.env)
  } catch (err) {
    const message = (err as Error).message
    ;(message ? console.error : console.log)(`${message ? `${message}\n` : ''}${USAGE}`)
    process.exit(message ? 2 : 0)
  }
  if (o.command.length > 0) process.exit(await runCommand(o))
  // A bad settings file stops the start before anything is opened, naming every wrong key.
  const settings = await loadSettings(o.configFile)

  const unlock = o.dbUrl
    ? null
    : await lockDataDir(o.dataDir).catch((err: Error) => {
        console.error(err.message)
        process.exit(1)
      })
  const central = await buildCentral({
    clock: systemClock,
    dataDir: o.dataDir,
    dbUrl: o.dbUrl,
    mqtt: {
      url: o.mqttUrl,
      embedded: { host: o.mqttHost, port: o.mqttPort },
      username: o.mqttUsername,
      password: o.mqttPassword,
      caFile: o.mqttCa,
      group: o.group,
    },
    users: o.demo ? await demoStaff() : [],
    settings,
  })
  let fleet: DemoFleet | null = null
  const skip: ('SIGSEGV' | 'SIGBUS' | 'SIGFPE' | 'SIGILL')[] = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL']
  closeWithGrace(
    { delay: 10_000, skip, logger: { error: (m: string) => central.log.error(m) } },
    async ({ signal, err }) => {
      if (err) central.log.error({ err }, 'closing after an unexpected error')
      else central.log.info(`${signal}: closing`)
      await fleet?.stop()
      await central.close()
      await unlock?.()
    },
  )
  try {
    await central.listen({ host: o.host, port: o.port })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    central.log.error(e.code === 'EADDRINUSE' ? `port ${o.port} is already in use (--port)` : e.message)
    await central.close()
    await unlock?.()
    process.exit(1)
  }
  if (o.demo) {
    await registerDemo(central.central.registry)
    fleet = await startDemoFleet(central.central.brokerUrl, (m) => central.log.warn(`demo station: ${m}`))
  }
  const shown = o.host === '0.0.0.0' ? 'localhost' : o.host
  const port = (central.server.address() as { port: number }).port
  central.log.info(
    `district page: http://${shown}:${port}/  API: http://${shown}:${port}/api/stations  docs: http://${shown}:${port}/docs  MQTT: ${central.central.brokerUrl.replace(/\/\/[^@/]*@/, '//')}  data: ${join(o.dataDir)}`,
  )
  if (o.demo)
    central.log.info(
      `demo district: ${fleet?.sims.length} simulated stations; staff login ${DEMO_STAFF.name} / ${DEMO_STAFF.password}; a station joins with npm start -- --config deploy/demo-uplink.yaml`,
    )
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
