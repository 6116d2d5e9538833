import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { AlertEngine } from './engine.js'
import { alertRoutes } from './routes.js'
import type { AlertRulesInput } from './rules-schema.js'
import { DurableAlertStore } from './store.js'

declare module 'fastify' {
  interface FastifyInstance {
    alerts: AlertEngine
    stopAlerts(): Promise<void>
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
 * The alert engine in the hub: every device change and help request goes in, every alert change goes out
 * on the bus (screens, webhooks, the journal through the store).
 */
export const alertsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const store = new DurableAlertStore({
      path: join(opts.config.store.dataDir, 'alerts.json'),
      journal: app.store.journal,
      clock: opts.clock,
      onError: (err) => app.log.error({ err }, 'alerts: saving failed; retrying'),
    })
    const engine = new AlertEngine({
      rules: rulesOf(opts.config),
      clock: opts.clock,
      store,
      emit: (event, alert) => app.bus.emit('alert', { event, alert }),
      onError: (err) => app.log.error({ err }, 'alerts: a listener failed'),
    })
    await engine.start()
    // Devices that never speak again still get their offline alert: judge every device once now.
    for (const d of app.sensors.devices()) engine.onDevice(d, { again: true })
    const off = [
      app.bus.on('device.changed', (d) => engine.onDevice(d)),
      app.bus.on('help.requested', (h) => {
        engine.onHelp(h)
      }),
    ]
    app.decorate('alerts', engine)
    app.decorate('stopAlerts', async () => {
      for (const f of off) f()
      await engine.stop()
    })
    await app.register(alertRoutes)
  },
  { name: 'alerts', dependencies: ['store', 'sensors', 'auth'] },
)
