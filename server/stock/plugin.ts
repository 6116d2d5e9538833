import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import type { DeviceState } from '../sensors/types.js'
import { countOf, type StockItem } from './model.js'
import { stockRoutes } from './routes.js'
import { StockService } from './service.js'

declare module 'fastify' {
  interface FastifyInstance {
    stock: StockService
  }
}

/** An item as the alert engine sees it: a stock "device" whose count is the item's. */
function asDevice(item: StockItem, now: number): DeviceState {
  const at = new Date(now).toISOString()
  return {
    id: `item:${item.id}`,
    kind: 'stock',
    name: item.name,
    online: true,
    lastSeen: at,
    reading: { at, count: countOf(item) },
    battery: null,
    batteryLow: false,
    rejected: 0,
    lastError: null,
  }
}

/**
 * The medicine box: items with batches and expiry, counted by their compartment sensor when they have one.
 * Restock alerts are raised on items (their minimum), not on the bare compartment sensors, so a
 * compartment does not alert twice; batch expiry goes to the engine's expiry rule.
 */
export const stockPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const alerts = app.alerts
    const compartments = new Set<string>()
    // `again`: the item as it was saved, judged at start; not a new count (see AlertEngine.onDevice).
    const judge = (item: StockItem, again = false) => {
      alerts.setDeviceRules(`item:${item.id}`, { stock: { min: item.min } })
      if (item.compartment && !compartments.has(item.compartment)) {
        compartments.add(item.compartment)
        alerts.setDeviceRules(item.compartment, {
          ...config.alerts.devices[item.compartment],
          stock: { enabled: false },
        })
      }
      // A compartment whose sensor has not reported yet has no count to judge: an empty batch list would
      // read as 0 and raise a restock alert at every start, before the sensor's first message.
      if (item.compartment && item.sensorCount === null) return
      alerts.onDevice(asDevice(item, clock.now()), { again })
    }
    const checkExpiry = () =>
      alerts.checkExpiry(service.items().map((i) => ({ id: i.id, name: i.name, batches: i.batches })))
    const service: StockService = await StockService.open(join(config.store.dataDir, 'stock.json'), {
      journal: app.store.journal,
      clock,
      seed: config.stock,
      changed: (item) => {
        judge(item)
        checkExpiry()
        app.bus.emit('stock.changed', {
          id: item.id,
          name: item.name,
          unit: item.unit,
          inStock: countOf(item) > 0,
        })
      },
    })
    app.decorate('stock', service)
    for (const item of service.items()) judge(item, true)
    for (const d of app.sensors.devices()) service.onDevice(d)
    checkExpiry()
    const off = app.bus.on('device.changed', (d) => service.onDevice(d))
    app.addHook('onClose', async () => off())
    await app.register(stockRoutes, { config })
  },
  { name: 'stock', dependencies: ['store', 'sensors', 'alerts', 'auth'] },
)
