import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { AlertEngine, type ManualAction } from './engine.js'
import { alertRoutes } from './routes.js'
import type { AlertRulesInput } from './rules-schema.js'
import { DurableAlertStore } from './store.js'
import type { Alert, AlertEvent } from './types.js'

declare module 'fastify' {
  interface FastifyInstance {
    alerts: AlertEngine
    /** A manager's acknowledgement or resolution: answered once durable, taken back if it cannot be. */
    alertActions: {
      acknowledge(
        id: string,
        user: string,
        from?: 'station' | 'district',
        note?: string | null,
      ): Promise<Alert>
      resolve(id: string, user: string, note: string): Promise<Alert>
    }
  }
}

/** The rules of the config, with each fridge's profile from its device entry. */
function rulesOf(config: Config): AlertRulesInput {
  const devices = structuredClone(config.alerts.devices)
  for (const d of config.devices)
    if (d.kind === 'temperature' && d.profile) devices[d.id] = { profile: d.profile, ...devices[d.id] }
  return { ...config.alerts, devices }
}

/**
 * The alert engine in the hub: every device change, stock level and help request goes in, every alert
 * change goes out on the bus (screens, webhooks) and into the store (alerts.json and the journal).
 */
export const alertsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const store = new DurableAlertStore({ store: app.store, clock: opts.clock, time: app.time })
    // While a manual action's commit is in flight, what it emits waits: nobody hears of it before it is
    // durable, and nobody hears of it at all if it is taken back.
    let held: [AlertEvent, Alert][] | null = null
    const engine = new AlertEngine({
      rules: rulesOf(opts.config),
      clock: opts.clock,
      time: app.time,
      store,
      emit: (event, alert) => (held ? held.push([event, alert]) : app.bus.emit('alert', { event, alert })),
      onError: (err) => app.log.error({ err }, 'alerts: a listener failed'),
    })
    await engine.start()

    const manual = async (act: () => ManualAction): Promise<Alert> => {
      let events: [AlertEvent, Alert][] = []
      const action = await app.store.commit((tx) =>
        store.within(tx, () => {
          held = events
          try {
            const a = act()
            tx.undo(a.undo)
            return a
          } finally {
            held = null
          }
        }),
      )
      action.done()
      for (const [event, alert] of events) app.bus.emit('alert', { event, alert })
      events = []
      return action.alert
    }
    app.decorate('alertActions', {
      acknowledge: (
        id: string,
        user: string,
        from: 'station' | 'district' = 'station',
        note: string | null = null,
      ) => manual(() => engine.acknowledgeAction(id, user, from, note)),
      resolve: async (id: string, user: string, note: string) => {
        const alert = await manual(() => engine.resolveAction(id, user, note))
        // A manager has seen the damage: the store's health is ok again (the files stay aside).
        if (alert.type === 'store-damaged') await app.store.damage.acknowledge(user)
        return alert
      },
    })

    // The station's own conditions, from the store: its data and its disk.
    const STATION = '驿站主机'
    const damaged = () => {
      const s = app.store.damage.summary()
      if (s.unacknowledged > 0)
        engine.onStation('store-damaged', true, {
          subjectName: STATION,
          value: s.events,
          context: { files: s.files.join(', ').slice(0, 200) },
        })
    }
    damaged()

    // Devices that never speak again still get their offline alert: judge every device once now.
    for (const d of app.sensors.devices()) engine.onDevice(d, { again: true })
    const off = [
      app.bus.on('device.changed', (d) => engine.onDevice(d)),
      app.bus.on('help.requested', (h) => {
        engine.onHelp(h)
      }),
      app.bus.on('stock.level', (l) => engine.onStockLevel(l)),
      app.bus.on('stock.batches', ({ items }) => engine.checkExpiry(items)),
      app.bus.on('store.damage', damaged),
      app.bus.on('store.disk', (d) => {
        const info = {
          subjectName: STATION,
          value: d.usedPercent,
          context: { freeMB: Math.floor(d.freeBytes / 1_048_576) },
        }
        engine.onStation('disk-full', d.full, info)
        engine.onStation('disk-low', d.low, info)
      }),
    ]
    app.decorate('alerts', engine)
    app.addHook('onClose', async () => {
      for (const f of off) f()
      await engine.stop()
    })
    await app.register(alertRoutes)
  },
  { name: 'alerts', dependencies: ['store', 'sensors', 'auth'] },
)
