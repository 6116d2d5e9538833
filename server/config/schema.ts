import { type Static, Type } from 'typebox'
import { AlertRulesSchema } from '../alerts/rules-schema.js'
import { English, EnText } from './schema-english.js'
import { Id } from './schema-id.js'
import { KioskSchema, NoticeSchema, ScreeningSchema } from './schema-kiosk.js'
import { LockersSchema } from './schema-lockers.js'
import { NotifySchema, StockSeedSchema, UsersSchema } from './schema-manage.js'
import { UplinkSchema } from './schema-uplink.js'
import { CONFIG_VERSION } from './version.js'

/**
 * The station configuration. Every field has a description (docs/configuration.md is written from them)
 * and, where one makes sense, a default, so the demo runs with no file at all.
 */

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
    en: English(
      { name: EnText(80, 'The device’s name in English, e.g. Lunch fridge.') },
      'the device’s name',
    ),
  },
  { additionalProperties: false },
)

export const ConfigSchema = Type.Object(
  {
    version: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: CONFIG_VERSION,
        description: `The file's config version; this release writes ${CONFIG_VERSION}. Left out: 1 (the files of releases before it). An older file is brought forward in memory at start, each change logged; a newer one is refused before the data folder is opened.`,
      }),
    ),
    station: Type.Object(
      {
        id: Id('Station id, the <stationId> in every MQTT topic.'),
        name: Type.String({ minLength: 1, maxLength: 80, description: 'Station name shown on the kiosk.' }),
        timeZone: Type.String({
          minLength: 1,
          maxLength: 64,
          description:
            'IANA time zone of the station, e.g. Asia/Shanghai: what "today", "this month", an expiry day and a history day mean, on the hub and on every screen.',
        }),
        phone: Type.Optional(
          Type.String({
            pattern: '^\\+?[0-9][0-9 ()-]{2,22}$',
            description:
              'The station’s own phone number, e.g. 0951-5012345: shown on the kiosk’s help screen and whenever the kiosk cannot reach the hub, so a courier can always call someone.',
          }),
        ),
        en: English({ name: EnText(100, 'The station’s name in English.') }, 'the station’s name'),
      },
      { additionalProperties: false, description: 'Who this station is.' },
    ),
    http: Type.Object(
      {
        host: Type.String({ description: 'Address the HTTP server listens on.' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, description: 'HTTP port (0 picks a free one).' }),
        trustProxy: Type.Union([Type.Boolean(), Type.String({ minLength: 1, maxLength: 500 })], {
          description:
            'Behind a reverse proxy (nginx, Caddy) that ends HTTPS: the addresses of that proxy, e.g. "127.0.0.1" or "127.0.0.1, 10.0.0.0/8", or true to trust any. Then the client address and https come from its X-Forwarded-For and X-Forwarded-Proto, so the session cookie gets Secure and login limits count each phone. false (the default): those headers are ignored, whoever sends them.',
        }),
        allowedOrigins: Type.Array(
          Type.String({
            pattern: '^https?://[^/?#\\s]+$',
            maxLength: 200,
            description: 'An origin, scheme://host[:port], e.g. https://console.example.org.',
          }),
          {
            maxItems: 20,
            description:
              'Web origins besides the hub’s own pages that may send it requests that change something (and join the /manager socket), e.g. a console served from another address. Empty by default: only the hub’s own pages may.',
          },
        ),
        requestTimeoutSec: Type.Integer({
          minimum: 1,
          maximum: 600,
          description:
            'Seconds a client has to send a whole request, headers and body (headers alone: at most 10). A connection still sending after that is answered 408 and closed, so slow senders cannot hold connections open.',
        }),
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
                'Let devices connect without a login (the demo does). A real station keeps it false: every device gets devices[].mqtt, zigbee2mqtt gets mqtt.embedded.zigbee2mqtt.',
            }),
            zigbee2mqtt: Type.Optional(
              Type.Object(
                {
                  username: Type.String({
                    minLength: 1,
                    maxLength: 128,
                    description: 'Username zigbee2mqtt logs in with (its mqtt.user).',
                  }),
                  password: Type.String({
                    minLength: 1,
                    maxLength: 256,
                    description: 'Password for that username (its mqtt.password).',
                  }),
                },
                {
                  additionalProperties: false,
                  description:
                    'The login of zigbee2mqtt itself on the embedded broker: it may publish and subscribe under mqtt.zigbee2mqttPrefix/ and homeassistant/ (its discovery).',
                },
              ),
            ),
            maxPacketBytes: Type.Integer({
              minimum: 1024,
              maximum: 268435455,
              description:
                'Largest MQTT packet a client may send, in bytes; a client that sends a larger one is cut off as soon as the packet’s header says so, before it is buffered. Room for zigbee2mqtt’s bridge messages (its device list) is needed.',
            }),
            maxMessagesPerSec: Type.Integer({
              minimum: 1,
              maximum: 100000,
              description:
                'Messages a second one client may publish on average, in bursts of up to ten seconds’ worth (zigbee2mqtt, which speaks for every Zigbee device: ten times this). A client past it is cut off and its login may not reconnect for 10 s, so a hijacked sensor cannot keep the hub busy.',
            }),
            maxRetainedMessages: Type.Integer({
              minimum: 0,
              maximum: 100000,
              description:
                'Retained messages the broker keeps at most; past it a retained message is delivered but not kept.',
            }),
            maxRetainedBytes: Type.Integer({
              minimum: 1024,
              maximum: 268435456,
              description:
                'Bytes of retained payloads the broker keeps at most; past it a retained message is delivered but not kept.',
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
        journalRetentionDays: Type.Integer({
          minimum: 1,
          maximum: 3650,
          description:
            'Journal segments older than this are deleted once every consumer (webhooks, uplink) has passed them; figures live on in snapshots.',
        }),
        snapshotEvery: Type.Integer({
          minimum: 100,
          maximum: 10_000_000,
          description:
            'A snapshot of check-ins, screenings and other projections is written after this many events (and hourly, and at a clean stop), so a start replays only what follows it.',
        }),
        diskAlertPercent: Type.Integer({
          minimum: 50,
          maximum: 99,
          description: 'Managers are alerted when the data folder’s disk is this full (percent).',
        }),
      },
      { additionalProperties: false, description: 'Where and how long data is kept.' },
    ),
    devices: Type.Array(DeviceConfigSchema, { maxItems: 2000, description: 'The sensors of this station.' }),
    kiosk: KioskSchema,
    users: UsersSchema,
    stock: StockSeedSchema,
    alerts: AlertRulesSchema,
    notify: NotifySchema,
    privacy: Type.Object(
      {
        screeningContactDays: Type.Integer({
          minimum: 0,
          maximum: 365,
          description:
            'Days after a screening ends that a sign-up’s name and phone number are kept to contact the person; then they are deleted.',
        }),
        helpContactMinutes: Type.Integer({
          minimum: 0,
          maximum: 1440,
          description:
            'Minutes a phone number left with a help request is kept, in full, after its help alert is resolved (for a call back); then it is deleted. While the alert is open it is shown to managers and sent in webhooks.',
        }),
        personalDataDays: Type.Integer({
          minimum: 1,
          maximum: 3650,
          description:
            'Days a courier’s phone hash and masked number are kept: how long a courier is recognised as returning. Older visits and events keep only their figures (counts per day, platform, purpose).',
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
    lockers: LockersSchema,
    uplink: Type.Optional(UplinkSchema),
    metrics: Type.Object(
      {
        token: Type.Union([Type.String({ minLength: 16, maxLength: 200 }), Type.Null()], {
          description:
            'A bearer token a Prometheus scraper on another computer sends (Authorization: Bearer …) to read /metrics. null: none.',
        }),
        fromLocalhost: Type.Boolean({
          description:
            'Whether /metrics is read without the token from this computer (127.0.0.1, ::1). Behind a reverse proxy on the same computer, set http.trustProxy, or every request looks local.',
        }),
      },
      {
        additionalProperties: false,
        description:
          'Who reads /metrics (Prometheus text format): from this computer, with the token, or a logged-in account.',
      },
    ),
  },
  { additionalProperties: false },
)

export type Config = Static<typeof ConfigSchema>
export type DeviceConfig = Static<typeof DeviceConfigSchema>
export type DeviceKind = Static<typeof DeviceKindSchema>
export type ScreeningConfig = Static<typeof ScreeningSchema>
export type NoticeConfig = Static<typeof NoticeSchema>
