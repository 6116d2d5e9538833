import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Contacts } from './contacts.js'
import { schedulePurge } from './purge.js'
import { screeningRoutes } from './routes.js'
import { Screenings } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    screenings: Screenings
    /** Stops the hourly purge and waits for one in progress (app.ts calls it before the store closes). */
    stopScreenings(): Promise<void>
  }
}

export const screeningsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const contacts = await Contacts.open(app.store.dataDir)
    const screenings = new Screenings(
      config.screenings,
      app.store.journal,
      contacts,
      app.phones,
      clock,
      config.privacy.screeningContactDays,
      (err, msg) => app.log.error({ err }, msg),
    )
    const signups = await screenings.replay()
    app.log.info({ signups }, 'screening sign-ups rebuilt from the journal')

    // At start (awaited: expired personal data is gone before the first request) and then every hour.
    const purger = schedulePurge(() => screenings.purge(), clock, {
      deleted: (n) => app.log.info({ deleted: n }, 'expired screening contacts deleted'),
      failed: (err) => app.log.error({ err }, 'purging screening contacts failed; tried again in an hour'),
    })
    await purger.idle()

    app.decorate('screenings', screenings)
    app.decorate('stopScreenings', () => purger.stop())
    await app.register(screeningRoutes, { config })
  },
  { name: 'screenings', dependencies: ['store', 'privacy', 'kiosk'] },
)
