import { type Static, Type } from 'typebox'
import { defineEvents, event } from '../store/event-kit.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

/** The alert as it was at the event: every field of server/alerts/types.ts's Alert. */
export const AlertRecord = Type.Object({
  id: Type.String(),
  key: Type.String(),
  subject: Type.String(),
  subjectName: Type.String(),
  type: Type.String(),
  severity: Type.Enum(['critical', 'major', 'minor', 'warning']),
  state: Type.Enum(['active', 'acknowledged', 'cleared']),
  since: Type.String(),
  raisedAt: Type.String(),
  lastAt: Type.String(),
  count: Type.Integer(),
  value: Nullable(Type.Number()),
  peak: Nullable(Type.Number()),
  ackBy: Nullable(Type.String()),
  ackAt: Nullable(Type.String()),
  ackFrom: Type.Optional(Type.Enum(['station', 'district'])),
  clearedAt: Nullable(Type.String()),
  clearedBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  context: Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number()]))),
})

/** A help alert's context names the courier's masked phone: gone once redacted. */
const redact = (a: Static<typeof AlertRecord>) =>
  'phoneMasked' in a.context ? { ...a, context: { ...a.context, phoneMasked: null } } : a

const Reminder = Type.Object({
  kind: Type.Enum(['alert.reminder', 'alert.escalated']),
  alert: AlertRecord,
})

export const AlertEvents = defineEvents({
  'alert.raised': event({
    v: 1,
    schema: AlertRecord,
    description: 'An alert was raised.',
    personal: true,
    redact,
  }),
  'alert.acknowledged': event({
    v: 1,
    schema: AlertRecord,
    description: 'Someone acknowledged an alert (ackBy, ackAt).',
    personal: true,
    redact,
  }),
  'alert.cleared': event({
    v: 1,
    schema: AlertRecord,
    description: 'An alert ended: by itself (clearedBy auto) or resolved by hand with a note.',
    personal: true,
    redact,
  }),
  'alert.notified': event({
    v: 1,
    schema: Reminder,
    description: 'A reminder or an escalation of an unacknowledged alert is due to the webhooks.',
    personal: true,
    redact: (d) => ({ ...d, alert: redact(d.alert) }),
  }),
})
