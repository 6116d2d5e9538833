/** Mainland China mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan). */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/
export const PHONE_LENGTH = 11

export function isValidPhone(digits: string): boolean {
  return PHONE_PATTERN.test(digits)
}

/** `138****1234`: the only form a number takes on screen once it is complete. */
export function maskPhone(phone: string): string {
  return phone.length === PHONE_LENGTH ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

/** Appends a digit if there is room; keeps only digits. */
export function pushDigit(current: string, digit: string, max = PHONE_LENGTH): string {
  if (!/^\d$/.test(digit) || current.length >= max) return current
  return current + digit
}

/** True when 11 digits are typed but cannot be a mobile number, so the kiosk can say so at once. */
export function isWrongPhone(digits: string): boolean {
  return digits.length === PHONE_LENGTH && !isValidPhone(digits)
}

/**
 * What the phone field shows: from the first digit typed, the 4th to 7th are stars, so the screen never
 * shows more than the masked form does (the privacy line promises it, and the person behind may be
 * reading). Grouped 3-4-4 while typing, so the last four can be checked against a phone's screen; the
 * masked form once the number is complete and valid.
 */
export function phoneDisplay(digits: string): string {
  if (isValidPhone(digits)) return maskPhone(digits)
  const hidden = '*'.repeat(digits.slice(3, 7).length)
  return [digits.slice(0, 3), hidden, digits.slice(7)].filter(Boolean).join(' ')
}
