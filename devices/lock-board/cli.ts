/**
 * `npm run lock-board -- --port … --profile … status | open N | watch`, and `list`: for the person wiring a
 * cabinet, to find the adapter and test each door (docs/lockers-wiring.md). Exit codes in cli-args.ts.
 */
import { createLockBoardBus } from './bus.js'
import { type CliOptions, parseCli, USAGE, UsageError } from './cli-args.js'
import { listPorts } from './cli-ports.js'
import { LockBoardError } from './errors.js'
import { CabinetMonitor } from './monitor.js'
import { CABINET_EVENTS } from './monitor-events.js'
import { SettingsError } from './profiles.js'

const HINTS: Record<string, string> = {
  ENOENT: 'no such port: is the adapter plugged in? `npm run lock-board -- list` shows what is there',
  EACCES:
    'permission denied: add this user to the dialout group (sudo usermod -aG dialout $USER), log in again',
  EBUSY: 'the port is in use by another program (is the hub running?)',
}

function explain(err: unknown): string {
  if (!(err instanceof LockBoardError)) return (err as Error).message
  const hint = err.errno ? HINTS[err.errno] : undefined
  return hint ? `${err.message}\n  ${hint}` : err.message
}

async function list(): Promise<number> {
  const { ports, notes } = await listPorts()
  if (ports.length === 0) console.log('no serial ports found')
  for (const p of ports)
    console.log([p.path, p.device !== p.path && p.device, p.description].filter(Boolean).join('  '))
  for (const n of notes) console.log(`note: ${n}`)
  return 0
}

async function run(opts: CliOptions): Promise<number> {
  if (opts.command.kind === 'list') return list()
  const bus = createLockBoardBus({ path: opts.port, profile: opts.profile, settings: opts.settings })
  const monitor = new CabinetMonitor({
    bus,
    boards: [{ address: opts.board, locks: opts.locks }],
    jamAfterMs: opts.jamAfterMs,
  })
  const first = new Promise<'online' | 'silent' | 'no-port'>((resolve) => {
    monitor.on('board-online', () => resolve('online'))
    monitor.on('board-offline', (e) => {
      if (e.reason === 'silent') resolve('silent')
    })
    monitor.on('bus-down', (e) => {
      console.error(`lock-board: ${explain(e.error)}`)
      resolve('no-port')
    })
  })
  await monitor.start()
  try {
    const seen = await first
    if (seen === 'silent')
      console.error(`lock-board: board ${opts.board} does not answer (address, A/B wiring, the profile?)`)
    if (seen !== 'online') return 4
    if (opts.command.kind === 'status') {
      const s = await bus.statusAll(opts.board)
      for (let lock = 1; lock <= opts.locks; lock++) {
        const item = s.items?.[lock - 1] ? '  item inside' : ''
        console.log(`lock ${String(lock).padStart(2)}: ${s.closed[lock - 1] ? 'closed' : 'OPEN'}${item}`)
      }
      return 0
    }
    if (opts.command.kind === 'open') {
      const r = await monitor.unlock(opts.board, opts.command.lock)
      if (r.outcome === 'opened')
        console.log(`lock ${opts.command.lock}: opened, seen open after ${r.afterMs} ms`)
      else if (r.outcome === 'already-open') console.log(`lock ${opts.command.lock}: was already open`)
      else
        console.log(
          `lock ${opts.command.lock}: JAMMED: relay ${r.relay}, door not seen open after ${r.afterMs} ms`,
        )
      return r.outcome === 'jammed' ? 3 : 0
    }
    return await watch(monitor)
  } finally {
    await monitor.stop()
  }
}

function watch(monitor: CabinetMonitor): Promise<number> {
  for (const name of CABINET_EVENTS)
    monitor.on(name, (e) => {
      const { at, ...rest } = e as { at: string }
      console.log(`${at} ${name} ${JSON.stringify(rest)}`)
    })
  console.log('watching; Ctrl-C to stop')
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve(0))
    process.once('SIGTERM', () => resolve(0))
  })
}

async function main(): Promise<void> {
  let opts: CliOptions
  try {
    opts = parseCli(process.argv.slice(2))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    console.error(`lock-board: ${err.message}\n\n${USAGE}`)
    process.exitCode = 2
    return
  }
  if (opts.help) {
    console.log(USAGE)
    return
  }
  try {
    process.exitCode = await run(opts)
  } catch (err) {
    if (err instanceof SettingsError) {
      console.error(`lock-board: ${err.message}`)
      process.exitCode = 2
      return
    }
    console.error(`lock-board: ${explain(err)}`)
    process.exitCode = 4
  }
}

await main()
