import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { HelpRequest } from '../bus/events.js'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { KIOSK_BODY_LIMIT, useStrictValidation } from '../http/validation.js'
import { kioskWriteLimit } from '../http/write-limit.js'
import { PhoneSchema } from '../privacy/phone.js'
import { HELP_CONTACTS_DOC, HelpContacts } from './contacts.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The numbers couriers left with help requests: for the people who answer, while the alert lasts. */
    helpContacts: HelpContacts
  }
}

const HelpBody = Type.Object(
  {
    reason: Type.Enum(['unwell', 'injured', 'phone-dead', 'other'], {
      description: 'unwell (身体不适), injured (受伤), phone-dead (手机没电), other.',
    }),
    phone: Type.Optional(PhoneSchema),
  },
  { additionalProperties: false },
)

const HelpResult = Type.Object({ id: Type.String(), at: Type.String({ format: 'date-time' }) })

const helpRoutes: FastifyPluginAsyncTypebox<{ clock: Clock; contacts: HelpContacts }> = async (
  app,
  { clock, contacts },
) => {
  useStrictValidation(app)
  app.post(
    '/api/help',
    {
      config: kioskWriteLimit(),
      bodyLimit: KIOSK_BODY_LIMIT,
      schema: {
        summary:
          'A courier asks for help: pushed at once to the manager screens (socket.io /manager, `help`)',
        description:
          'A phone number given is kept in full for the people who answer (console, webhooks) until the help alert is resolved plus privacy.helpContactMinutes; the journal has it hashed and masked only.',
        tags: ['help'],
        body: HelpBody,
        response: { 201: HelpResult },
      },
    },
    async (req, reply) => {
      const { reason, phone } = req.body
      const help: HelpRequest = {
        id: randomUUID(),
        at: new Date(clock.now()).toISOString(),
        reason,
        phoneMasked: phone ? app.phones.mask(phone) : null,
        phone: phone ?? null,
      }
      const phoneHash = phone ? app.phones.hash(phone) : null
      try {
        await app.store.commit((tx) => {
          if (phone) {
            // The number itself only in the private document, written in the same commit as the event.
            contacts.put(help.id, phone, help.at)
            tx.write(contacts.doc)
            tx.undo(() => contacts.remove(help.id))
          }
          tx.append('help.requested', { id: help.id, reason, phoneMasked: help.phoneMasked, phoneHash })
        })
      } finally {
        // Someone may be hurt: the manager hears of it even if the journal could not take it (the kiosk
        // then gets a 503 and may ask again; a second alert is better than none).
        app.bus.emit('help.requested', help)
      }
      return reply.status(201).send({ id: help.id, at: help.at })
    },
  )
}

export const helpPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    const { clock } = opts
    const contacts = new HelpContacts(await app.store.document(HELP_CONTACTS_DOC), {
      clock,
      keepMs: opts.config.privacy.helpContactMinutes * 60_000,
      log: {
        info: (n) => app.log.info({ deleted: n }, 'help request numbers past their keeping time deleted'),
        error: (err) =>
          app.log.error({ err }, 'deleting help request numbers failed; tried again in a minute'),
      },
    })
    app.decorate('helpContacts', contacts)
    // The purpose ends when the help alert is resolved: the number is kept a short while more, then goes.
    const off = app.bus.on('alert', ({ event, alert }) => {
      if (event !== 'cleared' || alert.type !== 'help') return
      contacts
        .closed(alert.subject, Date.parse(alert.clearedAt ?? '') || clock.now())
        .catch((err) => app.log.error({ err }, 'saving when a help number is deleted failed'))
    })
    app.addHook('onReady', async () => {
      // Awaited: numbers past their time are gone before the first request.
      const open = new Set(app.alerts.active().flatMap((a) => (a.type === 'help' ? [a.subject] : [])))
      await contacts.settle(open)
    })
    app.addHook('onClose', async () => {
      off()
      await contacts.stop()
    })
    await app.register(helpRoutes, { clock, contacts })
  },
  { name: 'help', dependencies: ['store', 'privacy', 'kiosk'] },
)
