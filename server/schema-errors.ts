import type { TSchema } from 'typebox'
import { Settings } from 'typebox/system'
import { Value } from 'typebox/value'

/**
 * The one formatter of TypeBox errors, for HTTP requests (server/http/validation.ts) and the station config
 * (server/config/load.ts): one line per field, `field: expected …`. `required` and unknown keys name their
 * keys. A schema may say what it expects in its own words with `errorMessage`.
 *
 * An HTTP answer never repeats the value sent (it may be a phone number); a config line does, so a person
 * editing the file sees what was read (`got "fan"`).
 */

/** A TypeBox error as its iterators give it. */
export interface SchemaError {
  keyword: string
  instancePath: string
  schemaPath?: string
  params: Record<string, unknown>
  message?: string
}

export interface SchemaProblem {
  /** `devices[2].kind`, `purposes[1]`; the root when the whole value is wrong. */
  field: string
  /** `expected …` */
  expected: string
  error: SchemaError
}

export interface FormatOptions {
  /** What the whole value is called: `body`, `query`, `(top level)`. */
  root: string
  /** Say what was sent (`got "fan"`): for a config file, never for a request. */
  value?: { of: unknown }
  /** How an unknown key is told; default `unknown field`. */
  unknownKey?: string
}

/** All the errors of a value, not TypeBox's first 8: every problem is named at once. */
export function allErrors<T>(collect: () => Iterable<T>): T[] {
  const { maxErrors } = Settings.Get()
  Settings.Set({ maxErrors: 1000 })
  try {
    return [...collect()]
  } finally {
    Settings.Set({ maxErrors })
  }
}

const pointerPart = (p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~')

/** `/devices/2/kind` → `devices[2].kind`, with `key` added; the root name for the root. */
export function fieldName(root: string, pointer: string, key?: string): string {
  const parts = pointer.split('/').slice(1)
  if (key !== undefined) parts.push(key)
  const name = parts
    .map(pointerPart)
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '')
  return name || root
}

/** The sub-schema a TypeBox error points at (`#/properties/purposes/items`). */
function schemaAt(root: TSchema, schemaPath: string | undefined): Record<string, unknown> | undefined {
  let node: unknown = root
  for (const part of (schemaPath ?? '#').split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[pointerPart(part)]
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object') return 'an object'
  return String(value)
}

function expectation(e: SchemaError, sub: Record<string, unknown> | undefined, showing: boolean): string {
  // A wrong JSON type (a phone sent as a number) is told as such; the schema's own words cover the rest.
  if (typeof sub?.errorMessage === 'string' && e.keyword !== 'type') return sub.errorMessage
  const p = e.params
  const limit = (name: string) => p.limit ?? p[name]
  switch (e.keyword) {
    case 'type':
      if (p.type === 'object') return 'expected a JSON object'
      return `expected ${p.type === 'integer' ? 'a whole number' : `a ${p.type}`}`
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).join(', ')}`
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`
    case 'minLength':
      return `expected at least ${limit('minLength')} character(s)`
    case 'maxLength':
      return `expected at most ${limit('maxLength')} characters`
    case 'minItems':
      return `expected at least ${limit('minItems')} item(s)`
    case 'maxItems':
      return `expected at most ${limit('maxItems')} items`
    case 'uniqueItems':
      return 'expected each item at most once'
    case 'pattern':
      return showing ? `expected to match ${p.pattern}` : 'contains characters that are not allowed'
    case 'format':
      if (p.format === 'date-time') return 'expected a real date and time, ISO 8601 with offset'
      if (p.format === 'date') return 'expected a real calendar day, YYYY-MM-DD'
      return `expected the ${p.format} format`
    case 'minimum':
      return `expected at least ${limit('minimum')}`
    case 'exclusiveMinimum':
      return `expected more than ${limit('exclusiveMinimum')}`
    case 'maximum':
      return `expected at most ${limit('maximum')}`
    case 'exclusiveMaximum':
      return `expected less than ${limit('exclusiveMaximum')}`
    default:
      return e.message ?? 'not valid'
  }
}

const isUnknownKey = (e: SchemaError) =>
  e.keyword === 'boolean' && (e.schemaPath ?? '').endsWith('/additionalProperties')

/**
 * One problem per field, in the order met. TypeBox reports an unknown key twice: once as `boolean` (the
 * `additionalProperties: false` sub-schema failing, at the key's own path) and once as
 * `additionalProperties` on the object, listing the keys. Either names the key; the second is a repeat.
 */
export function schemaProblems(
  schema: TSchema,
  errors: Iterable<SchemaError>,
  opts: FormatOptions,
): SchemaProblem[] {
  const out = new Map<string, SchemaProblem>()
  const add = (error: SchemaError, field: string, expected: string) => {
    if (!out.has(field)) out.set(field, { field, expected, error })
  }
  const showing = opts.value !== undefined
  const unknown = opts.unknownKey ?? 'unknown field'
  const got = (pointer: string) => {
    if (!opts.value) return ''
    const v = pointer === '' ? opts.value.of : Value.Pointer.Get(opts.value.of as object, pointer)
    return `, got ${describe(v)}`
  }
  for (const e of errors) {
    if (e.keyword === 'required') {
      for (const key of (e.params.requiredProperties as string[]) ?? [])
        add(e, fieldName(opts.root, e.instancePath, key), 'required, but missing')
    } else if (e.keyword === 'additionalProperties') {
      for (const key of (e.params.additionalProperties as string[]) ?? [])
        add(e, fieldName(opts.root, e.instancePath, key), unknown)
    } else if (isUnknownKey(e)) {
      add(e, fieldName(opts.root, e.instancePath), unknown)
    } else if (e.keyword !== 'boolean') {
      const sub = schemaAt(schema, e.schemaPath)
      const expected = expectation(e, sub, showing)
      const plain = e.keyword === 'maxItems' || e.keyword === 'minItems' || e.keyword === 'uniqueItems'
      add(e, fieldName(opts.root, e.instancePath), plain ? expected : `${expected}${got(e.instancePath)}`)
    }
  }
  return [...out.values()]
}

/** Every problem of `value` against `schema`, as lines `field: expected …`. */
export function formatSchemaErrors(schema: TSchema, value: unknown, opts: FormatOptions): string[] {
  const errors = allErrors(() => Value.Errors(schema, value) as Iterable<SchemaError>)
  return schemaProblems(schema, errors, opts).map((p) => `${p.field}: ${p.expected}`)
}
