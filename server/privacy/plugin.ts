import fp from 'fastify-plugin'
import { loadSecret, type PhoneKeys } from './secret.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Hash (for matching) and mask (for showing) phone numbers; a clear number is never stored. */
    phones: PhoneKeys
  }
}

export const privacyPlugin = fp(
  async (app) => {
    app.decorate('phones', await loadSecret(app.store.dataDir))
  },
  { name: 'privacy', dependencies: ['store'] },
)
