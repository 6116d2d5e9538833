import { readFile } from 'node:fs/promises'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { stockData } from './birth.js'
import { Commands } from './commands.js'
import { RecentDayFigures } from './day-figures.js'
import { startRecorders } from './recorders.js'
import { Uplink } from './uplink.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The station's uplink to its district; null when `uplink` is not configured. */
    uplink: Uplink | null
  }
}

const SOFTWARE = '0.2.0'

/**
 * The uplink (docs/uplink.md), when the station file has an `uplink` section: figures go up to the
 * district from the journal through a durable cursor, commands come down and are applied once. Registered
 * after every feature it reads.
 */
export const uplinkPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const u = config.uplink
    if (!u) {
      app.decorate('uplink', null)
      return
    }
    const days = new RecentDayFigures(app.time)
    app.store.project(days.projection())
    const commands = new Commands(
      app.store,
      {
        acknowledgeAlert: (id, by, note) => app.alertActions.acknowledge(id, by, 'district', note),
        publishNotice: (id, input, by) => app.notices.publish(id, input, by),
      },
      app.time,
    )
    app.store.project(commands.projection())
    const platforms = config.kiosk.platforms.map((p) => p.id)
    const purposes = config.kiosk.purposes.map((p) => p.id)
    const uplink = new Uplink({
      stationId: config.station.id,
      settings: {
        url: u.url,
        username: u.username ?? config.station.id,
        password: u.password,
        ...(u.ca ? { ca: await readFile(u.ca) } : {}),
        ackTimeoutSec: u.ackTimeoutSec,
        keepaliveSec: u.keepaliveSec,
      },
      clock,
      store: app.store,
      picture: {
        name: config.station.name,
        timeZone: config.station.timeZone,
        software: SOFTWARE,
        devices: () => app.sensors.devices(),
        alerts: () => app.alerts.active(),
        stock: () => app.stock.items(),
        today: () => {
          const day = app.time.day(clock.now())
          const c = app.couriers.stats('day', platforms, purposes)
          const f = days.of(day)
          return {
            day,
            checkins: {
              total: c.total,
              returning: c.returning ?? 0,
              byPlatform: c.byPlatform,
              byPurpose: c.byPurpose,
            },
            screenings: { ...f.screenings },
            help: { total: f.help.total, byReason: { ...f.help.byReason } },
          }
        },
      },
      lookups: {
        time: app.time,
        screeningTitle: (id) => app.screenings.book.get(id)?.def.title ?? null,
        lockerDay: (day) => {
          const f = app.lockers?.core.book.days.get(day)
          return {
            rentals: f?.rentals ?? 0,
            faults: Object.values(f?.faults ?? {}).reduce((n, x) => n + x, 0),
          }
        },
        stockLevel: (id) => {
          const item = app.stock.items().find((i) => i.id === id)
          return item ? stockData(item) : null
        },
      },
      onCommand: (c) => commands.apply(c),
      log: { info: (m) => app.log.info(m), warn: (m) => app.log.warn(m) },
    })
    app.decorate('uplink', uplink)
    const offDays = app.store.onDurable((entries) => {
      for (const e of entries)
        if (e.type === 'help.requested' || e.type.startsWith('screening.')) days.apply(e)
    })
    let stopRecorders: (() => void) | null = null
    app.addHook('onReady', async () => {
      stopRecorders = startRecorders({
        bus: app.bus,
        store: app.store,
        history: app.store.history,
        clock,
        time: app.time,
        deviceStateMinMs: u.deviceStateMinSec * 1000,
        devices: () => app.sensors.devices(),
      })
      uplink.start()
    })
    app.addHook('onClose', async () => {
      offDays()
      stopRecorders?.()
      await uplink.stop()
    })
  },
  {
    name: 'uplink',
    dependencies: ['store', 'sensors', 'alerts', 'stock', 'couriers', 'screenings', 'notices'],
  },
)
