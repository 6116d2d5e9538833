import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import type { JournalEntry } from '../store/journal.js'
import { LOCKER_EVENT_TYPES, LockerBook, type LockerEventType } from './book.js'
import { Cabinets } from './cabinets.js'
import { LockerCore } from './core.js'
import { armRentals, onFact } from './facts.js'
import { manageLockerRoutes } from './manage-routes.js'
import { lockerRoutes } from './routes.js'
import { problems, summary } from './views.js'

declare module 'fastify' {
  interface FastifyInstance {
    lockers: {
      /** Lockers are configured at this station. */
      configured: boolean
      /** Boards not answering, ports gone (for /api/health): empty when all is well. */
      problems(): string[]
      core: LockerCore
    }
  }
}

/**
 * The charging lockers (issue 13): rentals on the kiosk, the console's lockers page, their alerts, on the
 * lock boards of devices/lock-board. The journal is the truth (events.ts); memory is its projection
 * (book.ts), restored at start, then reconciled with what each board reports when it first answers.
 */
export const lockersPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const book = new LockerBook((ms) => app.time.day(ms))
    let push: () => void = () => {}
    const cabinets = new Cabinets(
      config.lockers,
      clock,
      (f) => onFact(core, f),
      (err, event) => app.log.error({ err, event }, 'lockers: a listener failed'),
    )
    const core: LockerCore = new LockerCore({
      config: config.lockers,
      store: app.store,
      book,
      cabinets,
      phones: app.phones,
      clock,
      log: app.log,
      alerts: {
        raise: (type, subject, subjectName, context) =>
          app.alerts.onLocker(type, subject, true, { subjectName, context }),
        clear: (type, subject) => app.alerts.onLocker(type, subject, false, { subjectName: subject }),
      },
      onChange: () => push(),
    })
    app.store.project({
      name: 'lockers',
      version: 1,
      types: LOCKER_EVENT_TYPES,
      apply: (e: JournalEntry) =>
        void book.apply(e.type as LockerEventType, e.data as never, Date.parse(e.ts)),
      save: () => book.save(),
      load: (data) => book.load(data),
    })
    app.decorate('lockers', { configured: cabinets.configured, problems: () => problems(core), core })

    app.addHook('onReady', async () => {
      if (!cabinets.configured) return
      // Screens hear of every change (`lockers` on the kiosk's namespace; the console listens there too).
      push = () => app.io.emit('lockers', summary(core))
      app.io.on('connection', (socket) => socket.emit('lockers', summary(core)))
      armRentals(core)
      await cabinets.start()
      app.log.info(
        { lockers: cabinets.lockers.length, rentals: book.rentals.size, buses: config.lockers.buses.length },
        'lockers: started',
      )
    })
    app.addHook('onClose', async () => {
      push = () => {}
      core.stop()
      await cabinets.stop()
    })
    await app.register(lockerRoutes, { core })
    await app.register(manageLockerRoutes, { core, clock })
  },
  { name: 'lockers', dependencies: ['store', 'privacy', 'kiosk', 'alerts', 'auth'] },
)
