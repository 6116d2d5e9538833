// Links to the hub's CSV exports. The browser downloads them with the session cookie, so a plain <a href>
// is enough (no fetch, no blob): it works on a phone and keeps the hub's filename.

const enc = encodeURIComponent

export const coldChainCsv = (deviceId: string, days = 30) =>
  `/api/manage/coldchain/${enc(deviceId)}/export.csv?days=${Math.max(1, Math.round(days))}`

export const signupsCsv = (screeningId: string) => `/api/manage/screenings/${enc(screeningId)}/signups.csv`

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export const isMonth = (month: string) => MONTH.test(month)

/** The monthly check-in report; null for anything that is not YYYY-MM, so the link is never broken. */
export function reportCsv(month: string): string | null {
  return isMonth(month) ? `/api/manage/checkins/report.csv?month=${month}` : null
}

// Months and days are the station's (lib/manage-time.ts: stationMonth, stationDay, monthBefore), not the
// phone's: the report a community worker means is the station's month.
