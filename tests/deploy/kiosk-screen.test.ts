import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repo } from './lib.js'

/** What deploy/kiosk/kiosk-screen.sh would do at `now` (HH:MM) with the kiosk.env settings given. */
function plan(now: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', [join(repo, 'deploy/kiosk/kiosk-screen.sh'), '--plan'], {
    env: { PATH: process.env.PATH, KIOSK_NOW: now, ...env },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() }
}

describe('the kiosk screen schedule', () => {
  it('is dark from SCREEN_OFF to SCREEN_ON across midnight, for the seconds left of the night', () => {
    expect(plan('22:59').out).toBe('day')
    expect(plan('23:00').out).toBe(`night ${7 * 3600}`)
    expect(plan('03:30').out).toBe(`night ${2.5 * 3600}`)
    expect(plan('05:59').out).toBe('night 60')
    expect(plan('06:00').out).toBe('day')
  })

  it('takes a night within one day, and no night at all when SCREEN_OFF is empty', () => {
    const early = { SCREEN_OFF: '01:00', SCREEN_ON: '05:00' }
    expect(plan('00:30', early).out).toBe('day')
    expect(plan('02:00', early).out).toBe(`night ${3 * 3600}`)
    expect(plan('03:00', { SCREEN_OFF: '' }).out).toBe('day')
  })

  it('refuses a time that is not HH:MM, naming it and the file to fix', () => {
    const bad = plan('12:00', { SCREEN_OFF: '25:00' })
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("'25:00' is not a time HH:MM")
    expect(bad.err).toContain('/etc/red-station-hub/kiosk.env')
  })
})
