import fp from 'fastify-plugin'
import { PhoneKeys } from './secret.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Hash (for matching) and mask (for showing) phone numbers; a clear number is never stored. */
    phones: PhoneKeys
  }
}

export const privacyPlugin = fp(
  async (app) => {
    // The station's secret (store/key-file.ts): created once, 0600, never replaced, never logged.
    app.decorate('phones', new PhoneKeys(await app.store.secret()))
  },
  { name: 'privacy', dependencies: ['store'] },
)
