import { type Static, Type } from 'typebox'
import { ConfigError } from '../config/load.js'
import { readSettingsFile } from '../config/read-file.js'
import { NotifySchema } from '../config/schema-manage.js'
import { formatSchemaErrors } from '../schema-errors.js'

/**
 * The district's own settings (`npm run central -- --config district.yaml`; docs/district.md, "Settings"):
 * its name, escalation of alerts left unacknowledged at their station, who may read /metrics, and the
 * Chromium that prints reports to PDF. Everything has a default; a bad file is refused naming every key.
 */
export const DistrictSettingsSchema = Type.Object(
  {
    district: Type.Object(
      {
        name: Type.String({
          minLength: 1,
          maxLength: 100,
          description: 'Shown at the top of the page: 东城区',
        }),
      },
      { additionalProperties: false },
    ),
    escalation: Type.Object(
      {
        afterMin: Type.Integer({
          minimum: 0,
          maximum: 10_080,
          description:
            'An alert still unacknowledged at its station this many minutes after it was raised is escalated to the district (0: never)',
        }),
        webhooks: Type.Array(NotifySchema.properties.webhooks.items, {
          maxItems: 20,
          description:
            "The district's WeCom / DingTalk groups (or JSON receivers): each escalation goes to those taking its severity",
        }),
      },
      { additionalProperties: false },
    ),
    metrics: Type.Object(
      {
        token: Type.Union([Type.String({ minLength: 16, maxLength: 200 }), Type.Null()], {
          description:
            'A bearer token a Prometheus scraper sends (Authorization: Bearer …); null: only a logged-in session reads /metrics',
        }),
      },
      { additionalProperties: false },
    ),
    reports: Type.Object(
      {
        chromium: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
          description: 'Chromium that prints the monthly report to PDF (null: look for /usr/bin/chromium)',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type DistrictSettings = Static<typeof DistrictSettingsSchema>

export const defaultSettings = (): DistrictSettings => ({
  district: { name: '辖区' },
  escalation: { afterMin: 30, webhooks: [] },
  metrics: { token: null },
  reports: { chromium: null },
})

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Each section of `raw` laid over the defaults, key by key. */
export function resolveSettings(raw: unknown, source: string): DistrictSettings {
  if (raw === null || raw === undefined) raw = {}
  if (!isObject(raw)) throw new ConfigError(source, ['(top level): expected an object of settings'])
  const merged: Record<string, unknown> = { ...defaultSettings() }
  for (const [k, v] of Object.entries(raw))
    merged[k] = isObject(v) && isObject(merged[k]) ? { ...(merged[k] as object), ...v } : v
  const problems = formatSchemaErrors(DistrictSettingsSchema, merged, {
    root: '(top level)',
    value: { of: merged },
    unknownKey: 'unknown key (check its spelling against docs/district.md)',
  })
  if (problems.length > 0) throw new ConfigError(source, problems)
  return merged as DistrictSettings
}

export async function loadSettings(path: string | null): Promise<DistrictSettings> {
  if (!path) return defaultSettings()
  return resolveSettings(await readSettingsFile(path), path)
}
