import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { FILES } from '../store/files.js'
import { deliverLegacyOutbox } from './legacy-outbox.js'
import { Outbox } from './outbox.js'
import { dueNotifications, type ReminderState } from './reminders.js'

declare module 'fastify' {
  interface FastifyInstance {
    outbox: Outbox
  }
}

const CHECK_MS = 60_000

const REMINDERS_DOC = {
  file: FILES.reminders,
  schema: Type.Object({
    reminded: Type.Record(Type.String(), Type.Integer()),
    escalated: Type.Array(Type.String()),
  }),
  initial: (): ReminderState => ({ reminded: {}, escalated: [] }),
}

/**
 * Webhooks for the people who act on alerts: a new alert and its clearing go to every webhook taking its
 * severity; an alert nobody acknowledges is repeated every notify.reminderMin, and after
 * notify.escalateAfterMin it goes to the escalation contacts (community staff) as well. Reminders and
 * escalations are journaled (alert.notified) with what was sent, in one commit; the outbox follows the
 * journal (outbox.ts).
 */
export const notifyPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { config, clock } = opts
    const n = config.notify
    const station = { id: config.station.id, name: config.station.name }
    const log = { warn: (m: string) => app.log.warn(m), info: (m: string) => app.log.info(m) }
    const outbox = new Outbox(app.store, {
      targets: n.webhooks,
      escalateTo: n.escalateTo,
      station,
      clock,
      time: app.time,
      log,
      phoneOf: app.helpContacts.phoneOf,
    })
    const reminders = await app.store.document(REMINDERS_DOC)
    const failed = (err: unknown) => app.log.error({ err }, 'notify: journaling a reminder failed')

    const check = () =>
      app.store.commit((tx) => {
        const before = structuredClone(reminders.data)
        const due = dueNotifications(app.alerts.active(), reminders.data, n, clock.now())
        if (due.length === 0) return
        for (const d of due) tx.append('alert.notified', { kind: d.kind, alert: d.alert })
        tx.write(reminders)
        tx.undo(() => {
          reminders.data = before
        })
      })
    const timer = clock.setInterval(() => check().catch(failed), CHECK_MS)
    app.addHook('onReady', async () => {
      outbox.start()
      // Notifications queued by a release before the journal-following outbox: sent once, then gone.
      deliverLegacyOutbox(app.store, n.webhooks, log, () => clock.now()).catch(failed)
    })
    app.decorate('outbox', outbox)
    app.addHook('onClose', async () => {
      clock.clearInterval(timer)
      await outbox.stop()
    })
  },
  { name: 'notify', dependencies: ['alerts', 'help'] },
)
