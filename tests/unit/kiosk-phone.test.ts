import { describe, expect, it } from 'vitest'
import {
  isValidPhone,
  isWrongPhone,
  maskPhone,
  phoneDisplay,
  pushDigit,
} from '../../kiosk-ui/src/lib/phone.js'

describe('kiosk phone numbers', () => {
  it('accepts mainland mobile numbers: 11 digits, 1 then 3–9', () => {
    for (const ok of ['13812341234', '15000000000', '19912345678', '16612345678'])
      expect(isValidPhone(ok), ok).toBe(true)
  })

  it('refuses anything else', () => {
    for (const bad of [
      '',
      '1381234123',
      '138123412345',
      '12812341234',
      '10012341234',
      '23812341234',
      '1381234123a',
      ' 13812341234',
      '138-1234-1234',
    ])
      expect(isValidPhone(bad), bad).toBe(false)
  })

  it('masks a complete number as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('19900001111')).toBe('199****1111')
  })

  it('hides the 4th to 7th digits from the first one typed, grouped 3-4-4 while typing (issue #10 point 16)', () => {
    expect(phoneDisplay('')).toBe('')
    expect(phoneDisplay('138')).toBe('138')
    expect(phoneDisplay('1381')).toBe('138 *')
    expect(phoneDisplay('1381234')).toBe('138 ****')
    expect(phoneDisplay('1381234123')).toBe('138 **** 123')
    expect(phoneDisplay('13812341234')).toBe('138****1234')
    for (let n = 4; n <= 11; n++) expect(phoneDisplay('13056781234'.slice(0, n))).not.toMatch(/[5-8]/)
  })

  it('masks a number that cannot be a mobile number too: it is still someone’s number', () => {
    expect(phoneDisplay('12812341234')).toBe('128 **** 1234')
    expect(phoneDisplay('12056781234')).not.toMatch(/[5-8]/)
  })

  it('says at once when 11 digits cannot be a mobile number', () => {
    expect(isWrongPhone('12812341234')).toBe(true)
    expect(isWrongPhone('13812341234')).toBe(false)
    expect(isWrongPhone('1281234')).toBe(false)
  })

  it('types digits only, up to the length', () => {
    expect(pushDigit('138', '1')).toBe('1381')
    expect(pushDigit('138', 'a')).toBe('138')
    expect(pushDigit('138', '12')).toBe('138')
    expect(pushDigit('13812341234', '5')).toBe('13812341234')
    expect(pushDigit('12345', '6', 6)).toBe('123456')
    expect(pushDigit('123456', '7', 6)).toBe('123456')
  })
})
