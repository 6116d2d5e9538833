import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { type SimulatedCabinet, startSimulatedCabinet } from '../../devices/lock-board/simulate-cabinet.js'

// `npm run lock-board` as the person wiring a cabinet runs it, against a simulated board on a real pty.

const repo = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'devices/lock-board/cli.ts', ...args],
      {
        cwd: repo,
        timeout: 20_000,
      },
    )
    return { code: 0, out: stdout, err: stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, out: x.stdout, err: x.stderr }
  }
}

let cabinet: SimulatedCabinet | undefined
afterEach(async () => {
  await cabinet?.stop()
  cabinet = undefined
})

describe('lock-board CLI', () => {
  it('shows every lock, opens one with confirmation, and says when one is jammed', async () => {
    cabinet = await startSimulatedCabinet({ profile: 'kerong-cu16' })
    const port = ['--port', cabinet.path, '--profile', 'kerong-cu16', '--locks', '8']
    cabinet.sim.board(0).openDoor(5)
    const status = await cli([...port, 'status'])
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/lock {2}4: closed\nlock {2}5: OPEN\n/)

    const open = await cli([...port, 'open', '2'])
    expect(open.out).toMatch(/lock 2: opened, seen open after \d+ ms/)
    expect(open.code).toBe(0)
    expect(cabinet.sim.board(0).isOpen(2)).toBe(true)

    cabinet.sim.board(0).jam(3)
    const jam = await cli([...port, '--jam-after', '1', 'open', '3'])
    expect(jam.code).toBe(3)
    expect(jam.out).toMatch(/lock 3: JAMMED/)
    expect(cabinet.sim.unlocksSeen(0, 3)).toHaveLength(1)
  })

  it('explains a missing adapter and exits 4', async () => {
    const r = await cli(['--port', '/dev/serial/by-id/usb-not-there', '--profile', 'generic-8a', 'status'])
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/is the adapter plugged in\?/)
  })
})
