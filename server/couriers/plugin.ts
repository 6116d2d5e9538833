import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { manageCheckinRoutes } from './manage-routes.js'
import { checkinRoutes } from './routes.js'
import { Couriers } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    couriers: Couriers
  }
}

export const couriersPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const couriers = new Couriers({
      store: app.store,
      phones: app.phones,
      clock,
      time: app.time,
      repeatMin: config.kiosk.checkinRepeatMin,
      personalDays: config.privacy.personalDataDays,
    })
    app.store.project(couriers.projection())
    app.decorate('couriers', couriers)
    // Phones past privacy.personalDataDays are forgotten at start and every hour; their figures stay.
    const forget = () => {
      const n = couriers.forgetOld()
      if (n > 0) app.log.info({ visits: n }, 'check-ins past privacy.personalDataDays: phones forgotten')
    }
    app.addHook('onReady', async () => {
      forget()
      app.log.info({ visits: couriers.book.size, phones: couriers.book.phones }, 'check-ins restored')
    })
    const timer = clock.setInterval(forget, 3_600_000)
    app.addHook('onClose', async () => clock.clearInterval(timer))
    await app.register(checkinRoutes, { config: opts.config })
    await app.register(manageCheckinRoutes, { config: opts.config, clock: opts.clock })
  },
  { name: 'couriers', dependencies: ['store', 'privacy', 'kiosk'] },
)
