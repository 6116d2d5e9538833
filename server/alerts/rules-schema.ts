import { type Static, Type } from 'typebox'

/**
 * The alert rule settings as a schema, ready to sit under the station config (e.g. `alerts:`), with
 * `defaultRules()` (rules.ts) as its defaults. Durations are in minutes; 0 means at once.
 */

const Severity = (description: string) =>
  Type.Enum(['critical', 'major', 'minor', 'warning'], { description: `${description} Severity.` })
const Minutes = (description: string) =>
  Type.Number({ minimum: 0, maximum: 7 * 24 * 60, description: `${description} Minutes; 0 means at once.` })
const Enabled = Type.Boolean({ description: 'false turns this rule off.' })
const Celsius = (description: string) =>
  Type.Union([Type.Number({ minimum: -50, maximum: 50 }), Type.Null()], { description })

const TemperatureRuleSchema = Type.Object(
  {
    enabled: Enabled,
    min: Celsius('Too cold below this °C (temperature-low); null: no lower limit.'),
    max: Celsius('Too warm above this °C (temperature-high); null: no upper limit.'),
    delayMin: Minutes('How long the temperature must stay out of range, without a break, before the alert.'),
    clearAfterMin: Minutes(
      'How long it must stay back inside the range by the hysteresis margin before the alert clears.',
    ),
    hysteresis: Type.Number({
      minimum: 0,
      maximum: 10,
      description:
        '°C inside the limit a reading must reach to count as recovered (food: clears at ≤ 4.5 °C).',
    }),
    severity: Severity('Out of range.'),
  },
  {
    additionalProperties: false,
    description: 'Limits (°C), raise delay, clear wait and hysteresis of a fridge profile.',
  },
)

const DoorRuleSchema = Type.Object(
  {
    enabled: Enabled,
    delayMin: Minutes('How long a door may stay open before the alert; it clears when the door closes.'),
    severity: Severity('Door left open.'),
  },
  { additionalProperties: false, description: 'A door left open too long.' },
)

const StockRuleSchema = Type.Object(
  {
    enabled: Enabled,
    min: Type.Integer({
      minimum: 0,
      maximum: 100000,
      description: 'Restock alert when the count is at or below this; it clears when above.',
    }),
    delayMin: Minutes('How long the count must stay at or below the minimum before the alert.'),
    clearAfterMin: Minutes('How long the count must stay above the minimum before the alert clears.'),
    severity: Severity('Stock low.'),
  },
  { additionalProperties: false, description: 'A stock compartment at or below its minimum (restock).' },
)

const OfflineRuleSchema = Type.Object(
  {
    enabled: Enabled,
    delayMin: Minutes('How long a device may be offline before the alert, so a blip pages no one.'),
    severity: Severity('Device offline.'),
  },
  { additionalProperties: false, description: 'A device offline (availability or silence) for a while.' },
)

const BatteryRuleSchema = Type.Object(
  {
    enabled: Enabled,
    below: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Battery % under which (or when the device flags battery low) the alert is raised.',
    }),
    margin: Type.Number({
      minimum: 0,
      maximum: 50,
      description:
        'Percentage points above `below` the battery must reach to clear, so 19/20/21 does not flap.',
    }),
    severity: Severity('Battery low.'),
  },
  { additionalProperties: false, description: 'A battery running low.' },
)

export const AlertRulesSchema = Type.Object(
  {
    temperature: Type.Object(
      { food: TemperatureRuleSchema, medicine: TemperatureRuleSchema },
      { additionalProperties: false, description: 'Fridge temperature, per profile.' },
    ),
    door: DoorRuleSchema,
    stock: StockRuleSchema,
    offline: OfflineRuleSchema,
    battery: BatteryRuleSchema,
    expiry: Type.Object(
      {
        enabled: Enabled,
        withinDays: Type.Integer({
          minimum: 0,
          maximum: 365,
          description: 'A batch expiring within this many days raises batch-expiring.',
        }),
        expiringSeverity: Severity('Batch expiring soon.'),
        expiredSeverity: Severity('Batch expired.'),
        recheckMin: Type.Number({
          minimum: 1,
          maximum: 24 * 60,
          description:
            'The last item list is checked again this often, so a batch expiring overnight alerts.',
        }),
      },
      { additionalProperties: false, description: 'Medicine batches expiring soon or expired.' },
    ),
    help: Type.Object(
      { severity: Severity('A courier asked for help.') },
      { additionalProperties: false, description: 'A courier pressed “I need help”.' },
    ),
    devices: Type.Record(
      Type.String(),
      Type.Object(
        {
          enabled: Type.Optional(
            Type.Boolean({ description: 'false turns every rule off for this device.' }),
          ),
          profile: Type.Optional(
            Type.Enum(['food', 'medicine'], {
              description: 'Temperature devices: which profile. Default food.',
            }),
          ),
          temperature: Type.Optional(Type.Partial(TemperatureRuleSchema)),
          door: Type.Optional(Type.Partial(DoorRuleSchema)),
          stock: Type.Optional(Type.Partial(StockRuleSchema)),
          offline: Type.Optional(Type.Partial(OfflineRuleSchema)),
          battery: Type.Optional(Type.Partial(BatteryRuleSchema)),
        },
        { additionalProperties: false },
      ),
      { description: 'Per-device settings by device id, over the defaults above (e.g. a stock minimum).' },
    ),
  },
  { additionalProperties: false, description: 'Alert rules: what raises an alert, when, and how urgent.' },
)

export type AlertRules = Static<typeof AlertRulesSchema>
export type DeviceRules = AlertRules['devices'][string]
export type TemperatureRule = Static<typeof TemperatureRuleSchema>

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T
/** What the engine takes: any part of the rules; the rest comes from `defaultRules()`. */
export type AlertRulesInput = DeepPartial<AlertRules>
