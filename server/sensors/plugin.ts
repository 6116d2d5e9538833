import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { DeviceRegistry } from './registry.js'
import { sensorRoutes } from './routes.js'
import { STATE_DOC } from './state-doc.js'
import type { DeviceState } from './types.js'

declare module 'fastify' {
  interface FastifyInstance {
    sensors: DeviceRegistry
  }
}

/** How often the last-known state is written to disk when something changed. */
const SNAPSHOT_MS = 5000

/** History stores one number per reading: °C, 1/0 for closed/open, or the item count. */
function historyValue(d: DeviceState): number | null {
  const r = d.reading
  if (!r) return null
  if (r.temperature !== undefined) return r.temperature
  if (r.contact !== undefined) return r.contact ? 1 : 0
  return r.count ?? null
}

export const sensorsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { clock } = opts
    const registry = new DeviceRegistry(opts.config, app.bus, clock, (msg) => app.log.warn(msg))
    const state = await app.store.document(STATE_DOC)
    registry.restore(state.data.devices)
    app.decorate('sensors', registry)

    let dirty = false
    const off = [
      app.bus.on('device.reading', ({ device }) => {
        const v = historyValue(device)
        if (v !== null && device.reading)
          app.store.history.append(device.id, Date.parse(device.reading.at), v)
        dirty = true
      }),
      // Facts the hub observed: journaled, nothing to take back (Store.record).
      app.bus.on('device.status', (e) => app.store.record(e.online ? 'device.online' : 'device.offline', e)),
      app.bus.on('device.unregistered', (u) => {
        if (u.messages === 1) app.store.record('device.unregistered', { id: u.id, at: u.firstSeen })
      }),
    ]

    // Readings are acknowledged to nobody: the last state is written every 5 s when something changed.
    const saveSnapshot = async () => {
      if (!dirty) return
      dirty = false
      state.data.devices = registry.saved()
      await state.write()
    }
    const snapshotTimer = clock.setInterval(() => {
      saveSnapshot().catch((err) => app.log.error({ err }, 'saving device state failed'))
    }, SNAPSHOT_MS)
    registry.start()

    app.addHook('onClose', async () => {
      registry.stop()
      clock.clearInterval(snapshotTimer)
      for (const f of off) f()
      await saveSnapshot()
    })

    await app.register(sensorRoutes, { config: opts.config, clock })
  },
  { name: 'sensors', dependencies: ['store'] },
)
