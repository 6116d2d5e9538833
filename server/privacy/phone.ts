import { Type } from 'typebox'

/**
 * Mainland China mobile numbers: 11 digits, 1 then 3–9 (the 13x–19x number blocks of MIIT's numbering plan).
 * Landlines and numbers with +86 are not accepted: the kiosk keypad only types these.
 */
export const PHONE_PATTERN = '^1[3-9][0-9]{9}$'
const PHONE = new RegExp(PHONE_PATTERN)

export const PHONE_MESSAGE = 'expected a mainland mobile number, 11 digits starting 13–19'

export function isValidPhone(phone: string): boolean {
  return PHONE.test(phone)
}

/** `13812341234` → `138****1234`: what screens, logs and the journal may show. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}

/** A phone number field of a request body. The message never repeats the value (it may be a phone number). */
export const PhoneSchema = Type.String({
  pattern: PHONE_PATTERN,
  description: 'Mainland mobile number, 11 digits starting 13–19. Stored only hashed and masked.',
  errorMessage: PHONE_MESSAGE,
})
