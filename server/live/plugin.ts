import fp from 'fastify-plugin'
import { Server } from 'socket.io'
import type { Clock } from '../clock.js'
import { AlertUpdatePacer } from './alert-updates.js'

declare module 'fastify' {
  interface FastifyInstance {
    io: Server
  }
}

/**
 * Pushes every device change to the screens, the notices and screenings lists whenever one changes
 * (`notices`, `screenings`), and help requests to the manager's (`/manager`, `help`). A screen that
 * connects, or reconnects after a drop, first gets the whole current state (`state`), then each change
 * (`device`, `unregistered`), so it never shows a stale mix.
 */
export const livePlugin = fp(
  async (app, opts: { stationName: string; stationId: string; clock: Clock }) => {
    const io = new Server(app.server, { serveClient: false, cors: { origin: false } })
    const snapshot = () => ({
      station: { id: opts.stationId, name: opts.stationName },
      devices: app.sensors.devices(),
      unregistered: app.sensors.unregistered(),
    })
    io.on('connection', (socket) => {
      socket.emit('state', snapshot())
    })
    // The station manager's screens. Help requests go here only, never to the kiosk's namespace.
    // Only sockets with a manager or staff session get in (the session cookie comes with the handshake).
    const manager = io.of('/manager')
    const stopAuthorizing = app.authorizeSocket(manager)
    // An open alert's new values reach the screens at most every 5 s, the newest last (see AlertUpdatePacer).
    const alerts = new AlertUpdatePacer(opts.clock, (event, alert) =>
      manager.emit('alert', { event, alert: app.presentAlert(alert) }),
    )
    const off = [
      // No screen connected (a headless station): skip encoding the change at all.
      app.bus.on('device.changed', (d) => {
        if (io.engine.clientsCount > 0) io.emit('device', d)
      }),
      app.bus.on('device.unregistered', (u) => io.emit('unregistered', u)),
      app.bus.on('stock.changed', (s) => io.emit('stock', s)),
      // What the kiosk lists besides devices, whole (small lists): no screen waits for a poll.
      app.bus.on('notices.changed', () =>
        io.emit('notices', { notices: app.notices.active(opts.clock.now()) }),
      ),
      app.bus.on('screenings.changed', () => io.emit('screenings', { screenings: app.screenings.list() })),
      app.bus.on('help.requested', (h) => manager.emit('help', h)),
      // An open alert's every new value is an 'updated' event: with no manager's screen open, skip it too
      // (a screen that connects gets the open alerts as they are then).
      app.bus.on('alert', ({ event, alert }) => {
        if (manager.sockets.size > 0) alerts.event(event, alert)
      }),
    ]
    // A manager's screen that connects or reconnects first gets every open alert, then each change.
    manager.on('connection', (socket) => {
      socket.emit('alerts', { alerts: app.alerts.active().map(app.presentAlert) })
    })
    app.decorate('io', io)
    // Sockets hold their connections open; close them before Fastify waits for connections to drain.
    app.addHook('preClose', async () => {
      for (const f of off) f()
      alerts.close()
      stopAuthorizing()
      // Drop the transports without a goodbye packet, so screens treat it as a lost link and reconnect by
      // themselves. Not io.close(): that would also close Fastify's own HTTP server under it.
      io.engine.close()
    })
  },
  { name: 'live', dependencies: ['sensors', 'auth', 'alerts', 'notices', 'screenings'] },
)
