import { describe, expect, it } from 'vitest'
import { lockedUntil } from '../../kiosk-ui/src/lib/http.js'
import {
  coldChainCsv,
  dayOf,
  isMonth,
  monthOf,
  previousMonth,
  reportCsv,
  signupsCsv,
} from '../../kiosk-ui/src/lib/manage-csv.js'

describe('CSV export links', () => {
  it('builds the monthly check-in report link from YYYY-MM', () => {
    expect(reportCsv('2026-11')).toBe('/api/manage/checkins/report.csv?month=2026-11')
  })

  it('gives no link for anything that is not a month', () => {
    for (const bad of ['', '2026-13', '2026-1', '2026-00', '26-11', '2026-11-01', '2026-11&x=1']) {
      expect(reportCsv(bad), bad).toBeNull()
      expect(isMonth(bad), bad).toBe(false)
    }
  })

  it('escapes ids in paths and rounds the days of the cold-chain export', () => {
    expect(coldChainCsv('fridge 1/a')).toBe('/api/manage/coldchain/fridge%201%2Fa/export.csv?days=30')
    expect(coldChainCsv('fridge-med', 7.4)).toBe('/api/manage/coldchain/fridge-med/export.csv?days=7')
    expect(coldChainCsv('fridge-med', 0)).toBe('/api/manage/coldchain/fridge-med/export.csv?days=1')
    expect(signupsCsv('s-1')).toBe('/api/manage/screenings/s-1/signups.csv')
  })

  it('takes months and days in local time, and the month before across a new year', () => {
    expect(monthOf(new Date(2026, 0, 31, 23, 30))).toBe('2026-01')
    expect(dayOf(new Date(2026, 2, 5))).toBe('2026-03-05')
    expect(previousMonth(new Date(2026, 0, 15))).toBe('2025-12')
    expect(previousMonth(new Date(2026, 2, 31))).toBe('2026-02')
  })
})

describe('when a login lock ends', () => {
  const now = Date.UTC(2026, 10, 27, 8, 0)

  it('reads an until field first', () => {
    expect(lockedUntil({ until: '2026-11-27T08:15:00.000Z' }, '10', now)).toBe(Date.UTC(2026, 10, 27, 8, 15))
  })

  it('else the Retry-After header in seconds', () => {
    expect(lockedUntil({ message: 'locked' }, '900', now)).toBe(now + 900_000)
  })

  it('else the ISO time in the message, else nothing', () => {
    const message = 'Too many failed logins for this name; try again after 2026-11-27T08:15:00.000Z'
    expect(lockedUntil({ message }, null, now)).toBe(Date.UTC(2026, 10, 27, 8, 15))
    expect(lockedUntil({ message: 'locked' }, null, now)).toBeNull()
    expect(lockedUntil(null, 'soon', now)).toBeNull()
  })
})
