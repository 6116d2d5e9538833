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
    const couriers = new Couriers(
      app.store.journal,
      app.phones,
      opts.clock,
      opts.config.kiosk.checkinRepeatMin,
    )
    const visits = await couriers.replay()
    app.log.info({ visits }, 'check-ins rebuilt from the journal')
    app.decorate('couriers', couriers)
    await app.register(checkinRoutes, { config: opts.config })
    await app.register(manageCheckinRoutes, { config: opts.config, clock: opts.clock })
  },
  { name: 'couriers', dependencies: ['store', 'privacy', 'kiosk'] },
)
