import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { Contacts } from './contacts.js'
import { ScreeningAdmin } from './manage.js'
import { manageScreeningRoutes } from './manage-routes.js'
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
      {
        journal: app.store.journal,
        contacts,
        clock,
        contactDays: config.privacy.screeningContactDays,
        logError: (err, msg) => app.log.error({ err }, msg),
      },
      app.phones,
    )
    // The config's events are a seed: journaled once, then edited from the manager console (replay.ts).
    const { signups, seeded } = await screenings.replay(config.screenings)
    app.log.info({ signups, seeded }, 'screening events and sign-ups rebuilt from the journal')

    // At start (awaited: expired personal data is gone before the first request) and then every hour.
    const purger = schedulePurge(() => screenings.purge(), clock, {
      deleted: (n) => app.log.info({ deleted: n }, 'expired screening contacts deleted'),
      failed: (err) => app.log.error({ err }, 'purging screening contacts failed; tried again in an hour'),
    })
    await purger.idle()

    app.decorate('screenings', screenings)
    app.decorate('stopScreenings', () => purger.stop())
    await app.register(screeningRoutes)
    const admin = new ScreeningAdmin(screenings.deps, (id, p) => screenings.promotedEvent(id, p))
    await app.register(manageScreeningRoutes, { admin, clock })
  },
  { name: 'screenings', dependencies: ['store', 'privacy', 'kiosk'] },
)
