import { Type } from 'typebox'

/** The station's uplink to its district (docs/uplink.md): absent, nothing leaves the station. */
export const UplinkSchema = Type.Object(
  {
    url: Type.String({
      pattern: '^(mqtt|mqtts)://',
      description: 'The district broker, mqtt:// or mqtts:// (TLS), e.g. mqtts://district.example.org:8883.',
    }),
    username: Type.Optional(
      Type.String({ minLength: 1, maxLength: 63, description: 'MQTT username: the station id by default.' }),
    ),
    password: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'The station’s password, printed once by `npm run central -- station add`.',
    }),
    ca: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'PEM file of the CA that signed the district broker’s certificate (mqtts:// with a private CA).',
      }),
    ),
    ackTimeoutSec: Type.Integer({
      minimum: 1,
      maximum: 600,
      description: 'A batch not acknowledged by the district within this is sent again.',
    }),
    deviceStateMinSec: Type.Integer({
      minimum: 10,
      maximum: 86_400,
      description:
        'A device’s state goes up at most this often, unless it comes online or goes offline, or an alert about it changes.',
    }),
    keepaliveSec: Type.Integer({
      minimum: 5,
      maximum: 600,
      description: 'MQTT keepalive: the district sees the station go dark within 1.5 × this.',
    }),
  },
  { additionalProperties: false, description: 'Figures up to the district’s central service (optional).' },
)

/** What an uplink section without the optional settings gets. */
export const UPLINK_DEFAULTS = { ackTimeoutSec: 10, deviceStateMinSec: 300, keepaliveSec: 30 }
