import { parseCli, USAGE, UsageError } from './simulate-args.js'
import { startSimulators } from './simulators.js'

/**
 * CLI: simulates a station's sensors against a broker until SIGINT/SIGTERM, then publishes `offline` for
 * each and exits 0. Bad arguments exit 2 with the usage.
 */

const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`)

async function main(): Promise<void> {
  let opts: Awaited<ReturnType<typeof parseCli>>
  try {
    opts = await parseCli(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`simulate: ${err.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (opts.help) {
    console.log(USAGE)
    return
  }

  log(`simulating ${opts.devices.length} devices of station ${opts.stationId} on ${opts.url}`)
  const sim = await startSimulators({ ...opts, log })
  const shutdown = async (signal: string) => {
    log(`${signal}: publishing offline and stopping`)
    // A second signal during shutdown means "now"; a hang past a few seconds means a leak worth seeing.
    process.once(signal, () => process.exit(1))
    setTimeout(() => {
      console.error('simulate: still running 5 s after stop(); something was not closed')
      process.exit(1)
    }, 5000).unref()
    await sim.stop()
    log('stopped')
    // No process.exit(): the process ends on its own once stop() has left nothing running.
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error(`simulate: ${(err as Error).message}`)
  process.exit(1)
})
