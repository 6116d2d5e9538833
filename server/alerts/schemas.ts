import { Type } from 'typebox'
import { Iso, Nullable } from '../schema-parts.js'

/**
 * An alert as the manager API answers it: the engine's Alert (server/alerts/types.ts) plus its title. For the
 * OpenAPI document at /docs; extra properties are let through, so a field added to Alert is never dropped.
 */
export const AlertSchema = Type.Object(
  {
    id: Type.String(),
    key: Type.String({ description: '`subject:type`: at most one open alert per key.' }),
    subject: Type.String({
      description:
        'Device id, `item:<stock item id>`, help request id, locker id, or `<bus>:<board>` of a lock board.',
    }),
    subjectName: Type.String({ description: 'The device or item name; for help, the courier’s reason.' }),
    type: Type.Enum([
      'temperature-high',
      'temperature-low',
      'door-open',
      'stock-low',
      'batch-expiring',
      'batch-expired',
      'device-offline',
      'battery-low',
      'help',
      'disk-low',
      'disk-full',
      'store-damaged',
      'locker-jam',
      'locker-forced',
      'locker-door-open',
      'locker-overdue',
      'locker-offline',
    ]),
    severity: Type.Enum(['critical', 'major', 'minor', 'warning']),
    state: Type.Enum(['active', 'acknowledged', 'cleared']),
    since: Iso('When the condition began (the start of its delay); for help, when the courier asked.'),
    raisedAt: Iso('When the alert was raised.'),
    lastAt: Iso('The last time the condition was seen.'),
    count: Type.Integer({
      description: 'Times the condition was seen while the alert was open: 1 at the raise.',
    }),
    value: Nullable(Type.Number({ description: 'The latest value: °C, items, battery %.' })),
    peak: Nullable(Type.Number({ description: 'The worst value while the condition lasted.' })),
    ackBy: Nullable(Type.String()),
    ackAt: Nullable(Type.String({ format: 'date-time' })),
    ackFrom: Type.Optional(
      Type.Enum(['station', 'district'], {
        description: 'Where it was acknowledged: the station console, or from the district.',
      }),
    ),
    clearedAt: Nullable(Type.String({ format: 'date-time' })),
    clearedBy: Nullable(
      Type.String({ description: '`auto` when it recovered by itself, else who resolved it.' }),
    ),
    note: Nullable(Type.String({ description: 'The note given when resolved by hand.' })),
    context: Type.Record(Type.String(), Nullable(Type.Union([Type.String(), Type.Number()])), {
      description: 'The rule’s threshold and other facts for the screen, e.g. `{ "limit": 5 }`.',
    }),
    title: Type.Object({ zh: Type.String(), en: Type.String() }, { description: 'One-line title.' }),
  },
  { additionalProperties: true },
)
