import { afterEach, describe, expect, it } from 'vitest'
import { setLang } from '../../kiosk-ui/src/kiosk/i18n.js'
import { whenText } from '../../kiosk-ui/src/kiosk/when.js'
import { setStationZone } from '../../kiosk-ui/src/lib/station-time.js'
import { dateTime } from '../../kiosk-ui/src/manage/i18n.js'

/**
 * The screens write every date and time in the station's zone (GET /api/kiosk station.timeZone), not the
 * zone of the device showing them, and the same day reads the same way in both languages, in words (issue
 * #8 point 7, issue #10 point 13): 12月3日 and 3 Dec, never 12/03 beside 03/12.
 */
const start = '2026-12-03T01:00:00Z' // 09:00 on 3 December in Shanghai; 20:00 on 2 December in New York
const end = '2026-12-03T03:30:00Z'
const now = Date.parse('2026-12-02T02:00:00Z') // the day before, in Shanghai

describe('dates and times on the screens', () => {
  afterEach(() => {
    setLang('zh-CN')
    setStationZone('Asia/Shanghai')
  })

  it('shows a screening in station time, named tomorrow, in either language', () => {
    expect(whenText(start, end, now)).toBe('明天 12月3日周四 09:00–11:30')
    setLang('en')
    expect(whenText(start, end, now)).toBe('Tomorrow, Thu 3 Dec, 09:00–11:30')
  })

  it('follows the station zone, not the zone of the machine', () => {
    // In New York the screening starts at 20:00 the day before, which is tomorrow there too.
    setStationZone('America/New_York')
    expect(whenText(start, end, now)).toBe('明天 12月2日周三 20:00–22:30')
    setStationZone('Not/AZone')
    expect(whenText(start, end, now)).toBe('明天 12月2日周三 20:00–22:30')
  })

  it('writes the console’s date and time in words, in station time', () => {
    const thisYear = new Date().getUTCFullYear()
    const at = `${thisYear}-03-12T02:05:00Z`
    expect(dateTime(at)).toBe('3月12日 10:05')
    setLang('en')
    expect(dateTime(at)).toBe('12 Mar 10:05')
    expect(dateTime('2020-03-12T02:05:00Z')).toBe('12 Mar 2020 10:05')
  })
})
