import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { httpSmsGateway } from '../notify/sms-gateway.js'
import type { Store } from '../store/store.js'
import { CONTACTS_DOC, Contacts } from './contacts.js'
import { ScreeningAdmin } from './manage.js'
import { manageScreeningRoutes } from './manage-routes.js'
import { ScreeningNews } from './news.js'
import { screeningsProjection } from './projection.js'
import { type Purger, schedulePurge } from './purge.js'
import { screeningRoutes } from './routes.js'
import { Screenings } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    screenings: Screenings
  }
}

export const screeningsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const contacts = new Contacts(await app.store.document(CONTACTS_DOC))
    // Every change made durable (an event defined, changed, called off; a place taken, given up, moved up)
    // is news for the kiosks: live/ pushes the list to them.
    const store: Pick<Store, 'commit'> = {
      commit: async (decide) => {
        const r = await app.store.commit(decide)
        app.bus.emit('screenings.changed', {})
        return r
      },
    }
    const screenings = new Screenings(
      {
        store,
        contacts,
        clock,
        contactDays: config.privacy.screeningContactDays,
        logError: (err, msg) => app.log.error({ err }, msg),
      },
      app.phones,
    )
    app.store.project(screeningsProjection(screenings.book))
    app.decorate('screenings', screenings)
    let purger: Purger | null = null
    const admin = new ScreeningAdmin(screenings.deps)
    const sms = config.notify.sms
    // With an SMS gateway, people moved up from the waiting list or whose event is called off get a text.
    const news = sms
      ? new ScreeningNews({
          store: app.store,
          book: screenings.book,
          contacts,
          gateway: httpSmsGateway(sms),
          station: { id: config.station.id, name: config.station.name },
          time: app.time,
          clock,
          told: (id, code) => admin.told(id, code, 'sms', null),
          log: { warn: (m) => app.log.warn(m), info: (m) => app.log.info(m) },
        })
      : null
    app.addHook('onReady', async () => {
      // The config's events are a seed: journaled once, then edited from the manager console.
      const seeded = await screenings.seed(config.screenings)
      app.log.info({ events: screenings.book.all().length, seeded }, 'screening events restored')
      // At start (awaited: expired personal data is gone before the first request) and then every hour.
      purger = schedulePurge(() => screenings.purge(), clock, {
        deleted: (n) => app.log.info({ deleted: n }, 'expired screening contacts deleted'),
        failed: (err) => app.log.error({ err }, 'purging screening contacts failed; tried again in an hour'),
      })
      await purger.idle()
      news?.start()
    })
    app.addHook('onClose', async () => {
      await news?.stop()
      await purger?.stop()
    })
    await app.register(screeningRoutes)
    await app.register(manageScreeningRoutes, { admin, clock })
  },
  { name: 'screenings', dependencies: ['store', 'privacy', 'kiosk'] },
)
