import { join } from 'node:path'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { openStateDb } from '../store/durable-file.js'
import { alertNotification } from './message.js'
import { Outbox } from './outbox.js'
import { dueNotifications, type ReminderState } from './reminders.js'

declare module 'fastify' {
  interface FastifyInstance {
    outbox: Outbox
    stopNotify(): Promise<void>
  }
}

const CHECK_MS = 60_000

/**
 * Webhooks for the people who act on alerts: a new alert and its clearing go to every webhook taking its
 * severity; an alert nobody acknowledges is repeated every notify.reminderMin, and after
 * notify.escalateAfterMin it goes to the escalation contacts (community staff) as well.
 */
export const notifyPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const n = config.notify
    const station = { id: config.station.id, name: config.station.name }
    const log = { warn: (m: string) => app.log.warn(m), info: (m: string) => app.log.info(m) }
    const outbox = await Outbox.open(join(config.store.dataDir, 'outbox.json'), {
      targets: n.webhooks,
      clock,
      log,
    })
    const state = await openStateDb<ReminderState>(join(config.store.dataDir, 'reminders.json'), {
      reminded: {},
      escalated: [],
    })
    const failed = (err: unknown) => app.log.error({ err }, 'notify: queueing a webhook failed')

    const off = app.bus.on('alert', ({ event, alert }) => {
      if (event !== 'raised' && event !== 'cleared') return
      const kind = event === 'raised' ? 'alert.raised' : 'alert.cleared'
      outbox.enqueue(alertNotification(alert, kind, station, clock.now())).catch(failed)
    })
    const check = async () => {
      const due = dueNotifications(app.alerts.active(), state.data, n, clock.now())
      if (due.length === 0) return
      await state.write()
      for (const d of due) {
        const note = alertNotification(d.alert, d.kind, station, clock.now())
        if (d.kind === 'alert.escalated') {
          if (n.escalateTo.length > 0) await outbox.enqueue(note, n.escalateTo)
        } else await outbox.enqueue(note)
      }
    }
    const timer = clock.setInterval(() => check().catch(failed), CHECK_MS)
    outbox.start()

    app.decorate('outbox', outbox)
    app.decorate('stopNotify', async () => {
      off()
      clock.clearInterval(timer)
      await outbox.stop()
    })
  },
  { name: 'notify', dependencies: ['alerts'] },
)
