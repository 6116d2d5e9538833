import { createHmac } from 'node:crypto'
import { maskPhone } from './phone.js'

/** Hashes and masks phone numbers. The key stays inside: nothing here can log or serialise it. */
export class PhoneKeys {
  readonly #secret: Buffer

  constructor(secret: Buffer) {
    this.#secret = secret
  }

  /**
   * HMAC-SHA256 under the station's secret: the same phone always gives the same hash at this station (so
   * returning couriers are recognised), but a hash cannot be reversed by hashing all 10^10 numbers, as a
   * plain SHA-256 of a phone number could, without the key.
   */
  hash(phone: string): string {
    return createHmac('sha256', this.#secret).update(phone).digest('hex')
  }

  mask(phone: string): string {
    return maskPhone(phone)
  }

  toJSON(): string {
    return '[PhoneKeys]'
  }
}
