import { type Static, Type } from 'typebox'
import { AlertRulesSchema } from '../alerts/rules-schema.js'

/**
 * The station configuration. Every field has a description (docs/configuration.md is written from them)
 * and, where one makes sense, a default, so the demo runs with no file at all.
 */

const Id = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: `${description} Letters, digits, _ and -.` })

const Credentials = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'MQTT username the device logs in with.',
    }),
    password: Type.String({ minLength: 1, maxLength: 256, description: 'MQTT password for that username.' }),
  },
  {
    additionalProperties: false,
    description:
      'Optional MQTT login for this device on the embedded broker. A client logged in with it may publish only to this device’s own topics.',
  },
)

export const DeviceKindSchema = Type.Enum(['temperature', 'door', 'stock'], {
  description:
    'What the sensor measures: temperature (°C), door (contact: true means closed) or stock (count, or weight in grams).',
})

export const DeviceConfigSchema = Type.Object(
  {
    id: Id('Device id, used in the native topic redstation/<stationId>/devices/<id>.'),
    kind: DeviceKindSchema,
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Name shown on the kiosk, e.g. 冰箱温度 or 药箱·布洛芬.',
    }),
    zigbee: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description:
          'zigbee2mqtt friendly_name of the sensor; when set, messages on zigbee2mqtt/<friendly_name> feed this device.',
      }),
    ),
    offlineAfterSec: Type.Optional(
      Type.Integer({
        minimum: 5,
        maximum: 7 * 24 * 3600,
        description:
          'Seconds of silence after which the device is shown offline. Defaults to sensors.offlineAfterSec for its kind.',
      }),
    ),
    calibration: Type.Optional(
      Type.Number({
        minimum: -20,
        maximum: 20,
        description: 'Temperature devices: °C added to every reading to correct the probe.',
      }),
    ),
    profile: Type.Optional(
      Type.Enum(['food', 'medicine'], {
        description:
          'Temperature devices: what the fridge keeps. food: fine at or below 5 °C; medicine: fine within 2–8 °C (cold chain). Default food.',
      }),
    ),
    unitWeight: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 100000,
        description:
          'Stock devices that weigh: grams of one item, so a weight in grams gives a count (rounded).',
      }),
    ),
    mqtt: Type.Optional(Credentials),
  },
  { additionalProperties: false },
)

const Choice = (what: string) =>
  Type.Object(
    {
      id: Type.String({
        pattern: '^[a-z0-9-]{1,32}$',
        description: `Stable id of the ${what}, used in statistics.`,
      }),
      zh: Type.String({ minLength: 1, maxLength: 16, description: 'Label in Simplified Chinese.' }),
      en: Type.String({ minLength: 1, maxLength: 24, description: 'Label in English.' }),
    },
    { additionalProperties: false },
  )

const KioskSchema = Type.Object(
  {
    idleResetSec: Type.Integer({
      minimum: 10,
      maximum: 3600,
      description: 'Seconds without a touch after which any screen returns home and forgets what was typed.',
    }),
    confirmReturnSec: Type.Integer({
      minimum: 2,
      maximum: 60,
      description: 'Seconds a confirmation screen stays before returning home by itself.',
    }),
    platforms: Type.Array(Choice('platform'), {
      minItems: 1,
      maxItems: 16,
      description: 'Delivery platforms a courier picks from at check-in (美团, 饿了么, …).',
    }),
    purposes: Type.Array(Choice('purpose'), {
      minItems: 1,
      maxItems: 16,
      description: 'Why a courier came in; several may be picked at check-in.',
    }),
    checkinRepeatMin: Type.Integer({
      minimum: 1,
      maximum: 240,
      description: 'A second check-in by the same phone within this many minutes is the same visit.',
    }),
    rateLimitPerMin: Type.Integer({
      minimum: 1,
      maximum: 100000,
      description: 'Kiosk write requests (check-in, sign-up, help) allowed per client address per minute.',
    }),
  },
  { additionalProperties: false, description: 'The courier touchscreen.' },
)

const ScreeningSchema = Type.Object(
  {
    id: Id('Screening event id.'),
    title: Type.String({
      minLength: 1,
      maxLength: 60,
      description: 'What is offered, e.g. 免费体检（血压、血糖）.',
    }),
    organiser: Type.String({ minLength: 1, maxLength: 60, description: 'Who runs it, e.g. 宁夏妇幼保健院.' }),
    start: Type.String({
      format: 'date-time',
      description: 'Start, ISO 8601 with offset, e.g. 2026-12-03T09:00:00+08:00.',
    }),
    end: Type.String({ format: 'date-time', description: 'End, ISO 8601 with offset.' }),
    place: Type.String({ minLength: 1, maxLength: 80, description: 'Where couriers go.' }),
    capacity: Type.Integer({
      minimum: 1,
      maximum: 10000,
      description: 'Places; sign-ups past it join a waiting list.',
    }),
  },
  { additionalProperties: false },
)

const NoticeSchema = Type.Object(
  {
    id: Id('Notice id.'),
    category: Type.Enum(['jobs', 'legal', 'insurance', 'health', 'other'], {
      description: 'jobs (招聘), legal (法律援助), insurance (社保), health (健康), other.',
    }),
    title: Type.String({ minLength: 1, maxLength: 60, description: 'Headline shown on the kiosk.' }),
    body: Type.String({ maxLength: 500, description: 'A few lines: who, where, how to get in touch.' }),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Hidden after this time.' })),
  },
  { additionalProperties: false },
)

export const ConfigSchema = Type.Object(
  {
    station: Type.Object(
      {
        id: Id('Station id, the <stationId> in every MQTT topic.'),
        name: Type.String({ minLength: 1, maxLength: 80, description: 'Station name shown on the kiosk.' }),
      },
      { additionalProperties: false, description: 'Who this station is.' },
    ),
    http: Type.Object(
      {
        host: Type.String({ description: 'Address the HTTP server listens on.' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, description: 'HTTP port (0 picks a free one).' }),
      },
      { additionalProperties: false, description: 'The HTTP server for the kiosk, the API and /docs.' },
    ),
    mqtt: Type.Object(
      {
        url: Type.Optional(
          Type.String({
            pattern: '^(mqtt|mqtts|ws|wss|tcp)://',
            description:
              'An external broker (Mosquitto, EMQX) to use instead of the embedded one, e.g. mqtt://127.0.0.1:1883.',
          }),
        ),
        username: Type.Optional(
          Type.String({ description: 'Username the hub logs in to the external broker with.' }),
        ),
        password: Type.Optional(
          Type.String({ description: 'Password the hub logs in to the external broker with.' }),
        ),
        embedded: Type.Object(
          {
            host: Type.String({ description: 'Address the embedded broker listens on.' }),
            port: Type.Integer({
              minimum: 0,
              maximum: 65535,
              description: 'Embedded broker port (0 picks a free one).',
            }),
            allowAnonymous: Type.Boolean({
              description:
                'Let devices connect without a login. Set false once every device has mqtt credentials.',
            }),
          },
          { additionalProperties: false, description: 'The embedded broker, used when mqtt.url is not set.' },
        ),
        reconnectMinMs: Type.Integer({
          minimum: 100,
          maximum: 60000,
          description: 'First wait before reconnecting to a lost broker; it doubles up to reconnectMaxMs.',
        }),
        reconnectMaxMs: Type.Integer({
          minimum: 100,
          maximum: 600000,
          description: 'Longest wait between reconnects.',
        }),
        zigbee2mqttPrefix: Type.String({
          minLength: 1,
          description: 'Base topic of zigbee2mqtt (its mqtt.base_topic setting).',
        }),
      },
      { additionalProperties: false, description: 'MQTT: the embedded broker, or an external one by URL.' },
    ),
    sensors: Type.Object(
      {
        offlineAfterSec: Type.Object(
          {
            temperature: Type.Integer({
              minimum: 5,
              description: 'Default silence timeout for temperature sensors.',
            }),
            door: Type.Integer({ minimum: 5, description: 'Default silence timeout for door contacts.' }),
            stock: Type.Integer({ minimum: 5, description: 'Default silence timeout for stock sensors.' }),
          },
          {
            additionalProperties: false,
            description: 'Seconds of silence after which a device is offline, per kind.',
          },
        ),
        maxPayloadBytes: Type.Integer({
          minimum: 256,
          maximum: 1048576,
          description: 'Larger payloads are rejected without parsing.',
        }),
        maxUnregistered: Type.Integer({
          minimum: 0,
          maximum: 10000,
          description:
            'How many unknown device ids are remembered; ids past the cap are counted and dropped.',
        }),
      },
      { additionalProperties: false, description: 'How sensor messages are judged.' },
    ),
    store: Type.Object(
      {
        dataDir: Type.String({ minLength: 1, description: 'Folder for the store, journal and history.' }),
        historyRetentionDays: Type.Integer({
          minimum: 1,
          maximum: 3650,
          description: 'Readings older than this many days are deleted.',
        }),
        downsampleAfterDays: Type.Integer({
          minimum: 1,
          maximum: 3650,
          description: 'Readings older than this many days are kept as min/avg/max per bucket.',
        }),
        downsampleBucketSec: Type.Integer({
          minimum: 10,
          maximum: 86400,
          description: 'Bucket size of downsampled history, in seconds.',
        }),
        journalSegmentBytes: Type.Integer({
          minimum: 4096,
          description: 'The event journal starts a new segment file past this size.',
        }),
      },
      { additionalProperties: false, description: 'Where and how long data is kept.' },
    ),
    devices: Type.Array(DeviceConfigSchema, { maxItems: 2000, description: 'The sensors of this station.' }),
    kiosk: KioskSchema,
    users: Type.Array(
      Type.Object(
        {
          name: Type.String({
            minLength: 1,
            maxLength: 32,
            description: 'Login name of a manager or staff account.',
          }),
          role: Type.Enum(['manager', 'staff'], {
            description:
              'manager: may act on alerts, stock, events and notices; staff: sees everything, changes nothing.',
          }),
          passwordHash: Type.String({
            pattern: '^scrypt\\$',
            description: 'The scrypt hash printed by `npm run user -- hash`; never a password in clear.',
          }),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 200,
        description:
          'Accounts fixed in the config (read-only). Accounts added with `npm run user -- add` live in the data folder.',
      },
    ),
    stock: Type.Array(
      Type.Object(
        {
          id: Id('Item id.'),
          name: Type.String({ minLength: 1, maxLength: 40, description: 'What it is, e.g. 布洛芬缓释胶囊.' }),
          unit: Type.String({
            minLength: 1,
            maxLength: 8,
            description: 'How it is counted: 盒, 片, 瓶, 个….',
          }),
          min: Type.Integer({ minimum: 0, description: 'At or below this count a restock alert is raised.' }),
          target: Type.Integer({
            minimum: 0,
            description: 'How many the box holds when full: the restock list buys up to it.',
          }),
          compartment: Type.Optional(
            Type.String({
              description: 'Id of the stock sensor counting this item, if any: its count is the truth.',
            }),
          ),
          batches: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  batch: Type.String({ minLength: 1, maxLength: 40, description: 'Batch (lot) number.' }),
                  expires: Type.String({
                    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
                    description: 'Last day of use, YYYY-MM-DD.',
                  }),
                  quantity: Type.Integer({ minimum: 0, description: 'How many of this batch.' }),
                },
                { additionalProperties: false },
              ),
              { description: 'What is in the box now, by batch.' },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      {
        maxItems: 500,
        description: 'Medicine-box items to start with; afterwards managers keep them in the console.',
      },
    ),
    alerts: AlertRulesSchema,
    notify: Type.Object(
      {
        webhooks: Type.Array(
          Type.Object(
            {
              id: Id('Webhook id, used in notify.escalateTo.'),
              format: Type.Enum(['json', 'wecom', 'dingtalk'], {
                description:
                  'json: a generic JSON POST; wecom: a WeCom group robot (企业微信群机器人); dingtalk: a DingTalk custom robot (钉钉自定义机器人).',
              }),
              url: Type.String({
                pattern: '^https?://',
                maxLength: 500,
                description: 'Where to POST, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=….',
              }),
              secret: Type.Optional(
                Type.String({
                  maxLength: 200,
                  description: 'DingTalk robots with 加签 security: the SEC… secret.',
                }),
              ),
              severities: Type.Array(Type.Enum(['critical', 'major', 'minor', 'warning']), {
                maxItems: 4,
                description:
                  'Severities this webhook receives (new, reminder, cleared). Empty: only escalations, when named in notify.escalateTo.',
              }),
              mentionMobiles: Type.Optional(
                Type.Array(Type.String({ pattern: '^1[3-9]\\d{9}$' }), {
                  maxItems: 10,
                  description: 'WeCom / DingTalk: mobile numbers to @-mention (the manager on duty).',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          { maxItems: 20, description: 'Where alerts are sent beyond the manager console.' },
        ),
        reminderMin: Type.Integer({
          minimum: 0,
          maximum: 1440,
          description:
            'While an alert stays unacknowledged, it is sent again this often (minutes; 0: never).',
        }),
        escalateAfterMin: Type.Integer({
          minimum: 0,
          maximum: 1440,
          description: 'Minutes unacknowledged before the alert also goes to notify.escalateTo (0: never).',
        }),
        escalateTo: Type.Array(Type.String(), {
          maxItems: 20,
          description: 'Webhook ids of the second contact (community staff) for escalations.',
        }),
      },
      {
        additionalProperties: false,
        description: 'Notifications of alerts: webhooks, reminders, escalation.',
      },
    ),
    privacy: Type.Object(
      {
        screeningContactDays: Type.Integer({
          minimum: 0,
          maximum: 365,
          description:
            'Days after a screening ends that a sign-up’s name and phone number are kept to contact the person; then they are deleted.',
        }),
      },
      { additionalProperties: false, description: 'How long personal data is kept.' },
    ),
    screenings: Type.Array(ScreeningSchema, {
      maxItems: 500,
      description:
        'Health screening events couriers can sign up for (later managed from the manager console).',
    }),
    notices: Type.Array(NoticeSchema, {
      maxItems: 200,
      description: 'Community notices shown on the kiosk: jobs, legal aid, social insurance.',
    }),
  },
  { additionalProperties: false },
)

export type Config = Static<typeof ConfigSchema>
export type DeviceConfig = Static<typeof DeviceConfigSchema>
export type DeviceKind = Static<typeof DeviceKindSchema>
export type ScreeningConfig = Static<typeof ScreeningSchema>
export type NoticeConfig = Static<typeof NoticeSchema>
