import type { Static } from 'typebox'
import { type SimulatedCabinet, startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'
import type { LockersSummary } from '../../server/lockers/schemas.js'
import { eventually, getJson, startTestHub, type TestHub } from './hub.js'

export type Summary = Static<typeof LockersSummary>

/** A station file's lockers section for a cabinet at `port`: lockers 1–(n-battery) for phones, the rest batteries. */
export function lockersSection(port: string, n = 4, battery = 1, extra: Record<string, unknown> = {}) {
  return {
    buses: [{ id: 'cab', port, profile: 'kerong-cu16', jamAfterSec: 1, boards: [{ address: 0, locks: n }] }],
    lockers: Array.from({ length: n }, (_, i) => ({
      id: `L${i + 1}`,
      label: String(i + 1),
      kind: i < n - battery ? 'phone' : 'battery',
      bus: 'cab',
      board: 0,
      lock: i + 1,
    })),
    ...extra,
  }
}

export interface LockerHub {
  t: TestHub
  cab: SimulatedCabinet
  /** The simulated board: a courier's hands (closeDoor), a jammed lock (jam), a forced door (openDoor). */
  board: ReturnType<SimulatedCabinet['sim']['board']>
  summary(): Promise<Summary>
  /** Waits until the lockers' summary satisfies `pred` (a door closing takes a poll of the board). */
  until(pred: (s: Summary) => boolean, ms?: number): Promise<Summary>
  close(): Promise<void>
}

/** A real hub with a 4-locker cabinet on a simulated KR-CU16 over a socat pseudo-terminal, board online. */
export async function startLockerHub(
  settings: Record<string, unknown> = {},
  lockers: Record<string, unknown> = {},
  opts: { dataDir?: string; cabinet?: SimulatedCabinet } = {},
): Promise<LockerHub> {
  const cab =
    opts.cabinet ??
    (await startSimulatedCabinet({ profile: 'kerong-cu16', boards: [{ address: 0, locks: 4 }] }))
  let t: TestHub
  try {
    t = await startTestHub(
      { ...settings, lockers: lockersSection(cab.path, 4, 1, lockers) },
      { dataDir: opts.dataDir },
    )
  } catch (err) {
    await cab.stop()
    throw err
  }
  const summary = async () => (await getJson<Summary>(`${t.url}/api/lockers`)).body
  const until = (pred: (s: Summary) => boolean, ms = 5000) =>
    eventually(async () => {
      const s = await summary()
      return pred(s) ? s : undefined
    }, ms)
  // Every board has answered once.
  await eventually(async () => {
    const h = await getJson<{ lockers: { problems: string[] } }>(`${t.url}/api/health`)
    return h.body.lockers.problems.length === 0
  }, 5000)
  return {
    t,
    cab,
    board: cab.sim.board(0),
    summary,
    until,
    async close() {
      await t.close()
      if (!opts.cabinet) await cab.stop()
    },
  }
}

export async function post<T = Record<string, unknown>>(
  url: string,
  body: unknown,
  cookie?: string,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as T, headers: res.headers }
}
