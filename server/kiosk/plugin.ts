import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { registerKioskRateLimit } from '../http/write-limit.js'

const Choice = Type.Object({
  id: Type.String(),
  zh: Type.String({ description: 'Label in Simplified Chinese.' }),
  en: Type.String({ description: 'Label in English.' }),
})

export const KioskSettingsSchema = Type.Object({
  station: Type.Object({
    id: Type.String(),
    name: Type.String(),
    timeZone: Type.String({ description: 'IANA zone of the station: screens show times and days in it.' }),
    phone: Type.Optional(
      Type.String({
        description: 'The station’s own phone number, for the help screen and when the hub is away.',
      }),
    ),
    en: Type.Optional(Type.Object({ name: Type.String() }, { description: 'The name in English.' })),
  }),
  idleResetSec: Type.Integer({ description: 'Seconds without a touch before any screen returns home.' }),
  confirmReturnSec: Type.Integer({ description: 'Seconds a confirmation stays before returning home.' }),
  platforms: Type.Array(Choice, { description: 'Delivery platforms to pick from at check-in.' }),
  purposes: Type.Array(Choice, { description: 'Reasons for a visit; several may be picked.' }),
  screeningContactDays: Type.Integer({
    description:
      'Days after a screening that a sign-up’s name and phone number are kept (for the consent text).',
  }),
})

const kioskRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const settings = {
    station: {
      id: config.station.id,
      name: config.station.name,
      timeZone: config.station.timeZone,
      ...(config.station.phone ? { phone: config.station.phone } : {}),
      ...(config.station.en ? { en: config.station.en } : {}),
    },
    idleResetSec: config.kiosk.idleResetSec,
    confirmReturnSec: config.kiosk.confirmReturnSec,
    platforms: config.kiosk.platforms,
    purposes: config.kiosk.purposes,
    screeningContactDays: config.privacy.screeningContactDays,
  }
  app.get(
    '/api/kiosk',
    {
      config: { access: 'public' },
      schema: {
        summary: 'What the courier kiosk shows and how it behaves (from the station config)',
        tags: ['kiosk'],
        response: { 200: KioskSettingsSchema },
      },
    },
    async () => settings,
  )
}

/** The kiosk's settings route, and the rate limiter its write routes (in other features) opt into. */
export const kioskPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    registerKioskRateLimit(app, opts.clock, opts.config)
    await app.register(kioskRoutes, { config: opts.config })
  },
  { name: 'kiosk' },
)
