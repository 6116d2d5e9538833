/**
 * Child process for tests/integration/crash.test.ts: commits to a real store as fast as it can until it
 * is killed, printing `ack <kind> <n>` the moment a commit is acknowledged. Three kinds at once, as
 * features do: journal events only (check-ins), a document and an event together (a notice), and a
 * document alone (a session).
 *
 *   node --import tsx tests/support/crash-writer.ts <dir> <run>
 *
 * n = run * 1e6 + i keeps acks of successive runs apart.
 */
import { systemClock } from '../../server/clock.js'
import { Store } from '../../server/store/store.js'
import { StationTime } from '../../server/time/station-time.js'
import { CRASH_DOCS, type CrashDoc } from './crash-docs.js'

const [dir, runArg] = process.argv.slice(2)
if (!dir || !runArg) throw new Error('usage: crash-writer.ts <dir> <run>')
const base = Number(runArg) * 1_000_000
const quiet = { info() {}, warn() {}, error() {} }

const store = await Store.open({
  dataDir: dir,
  clock: systemClock,
  log: quiet,
  // Small segments, so that kills also land around segment rollover.
  journalSegmentBytes: 16 * 1024,
  history: {
    time: new StationTime(),
    retentionDays: 30,
    downsampleAfterDays: 7,
    bucketSec: 300,
    flushMs: 5000,
  },
  retention: { journalDays: 400, personalDays: 90 },
  diskAlertPercent: 99,
  snapshotEvery: 1_000_000,
})
const notices = await store.document<CrashDoc>(CRASH_DOCS.notice)
const sessions = await store.document<CrashDoc>(CRASH_DOCS.session)

let next = 0
const ack = (kind: string, n: number) => process.stdout.write(`ack ${kind} ${n}\n`)
const hash = (n: number) => n.toString(16).padStart(64, '0')

async function checkins(): Promise<never> {
  for (;;) {
    const n = base + next++
    await store.commit((tx) =>
      tx.append('checkin', {
        visitId: `v${n}`,
        phoneHash: hash(n),
        phoneMasked: '138****0000',
        platform: 'sf',
        purposes: ['rest'],
      }),
    )
    // Writes to a pipe are synchronous on Linux, so the ack is in the pipe before the next instruction.
    ack('checkin', n)
  }
}

async function noticeCommits(): Promise<never> {
  for (;;) {
    const n = base + next++
    await store.commit((tx) => {
      notices.data.ns.push(n)
      tx.write(notices as never)
      tx.append('notice.saved', {
        id: `n${n}`,
        category: 'jobs',
        title: 't',
        body: 'b',
        until: null,
        by: null,
      })
      tx.undo(() => notices.data.ns.pop())
    })
    ack('notice', n)
  }
}

async function sessionCommits(): Promise<never> {
  for (;;) {
    const n = base + next++
    await store.commit((tx) => {
      sessions.data.ns.push(n)
      tx.write(sessions as never)
      tx.undo(() => sessions.data.ns.pop())
    })
    ack('session', n)
  }
}

process.stdout.write('ready\n')
await Promise.all([checkins(), checkins(), checkins(), noticeCommits(), noticeCommits(), sessionCommits()])
