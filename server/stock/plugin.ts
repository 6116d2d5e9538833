import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { countOf, type StockItem } from './model.js'
import { stockRoutes } from './routes.js'
import { StockService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    stock: StockService
  }
}

/**
 * The medicine box: items with batches and expiry, counted by their compartment sensor when they have one.
 * Its levels and batches go out on the bus (`stock.level`, `stock.batches`), where the alert engine judges
 * restocking and expiry, and the kiosk hears what is in stock (`stock.changed`).
 */
export const stockPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const level = (item: StockItem, again = false) => {
      // A compartment whose sensor has not reported yet has no count to judge.
      const count = item.compartment && item.sensorCount === null ? null : countOf(item)
      app.bus.emit('stock.level', {
        id: item.id,
        name: item.name,
        count,
        min: item.min,
        compartment: item.compartment,
        again,
      })
    }
    const batches = () =>
      app.bus.emit('stock.batches', {
        items: service.items().map((i) => ({ id: i.id, name: i.name, batches: i.batches })),
      })
    const service: StockService = await StockService.open({
      store: app.store,
      clock,
      time: app.time,
      seed: config.stock,
      changed: (item) => {
        level(item)
        batches()
        app.bus.emit('stock.changed', {
          id: item.id,
          name: item.name,
          unit: item.unit,
          inStock: countOf(item) > 0,
          ...(item.en ? { en: item.en } : {}),
        })
      },
    })
    app.decorate('stock', service)
    // `again`: the items as they were saved, judged at start, not a new count.
    for (const item of service.items()) level(item, true)
    for (const d of app.sensors.devices()) service.onDevice(d)
    batches()
    const off = app.bus.on('device.changed', (d) => service.onDevice(d))
    app.addHook('onClose', async () => off())
    await app.register(stockRoutes, { config })
  },
  { name: 'stock', dependencies: ['store', 'sensors', 'alerts', 'auth'] },
)
