import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

/**
 * Request validation for the kiosk routes, stricter and plainer-spoken than Fastify's default:
 * - unknown fields are refused (Fastify's Ajv silently drops them: `removeAdditional`), and body values are
 *   never coerced (a phone sent as a number is an error, not a string);
 * - each message names the field and what was expected, never the value sent (it may be a phone number),
 *   e.g. `phone: expected a mainland mobile number, 11 digits starting 13–19`. A schema may say it in its
 *   own words with `errorMessage`.
 */
const MAX_LINES = 5

type TbError = FastifySchemaValidationError & { schemaPath?: string; params: Record<string, unknown> }

/** `/purposes/1` → `purposes[1]`; the root is named by the part of the request (`body`, `query`). */
function fieldName(root: string, pointer: string, key?: string): string {
  const parts = pointer.split('/').slice(1)
  if (key !== undefined) parts.push(key)
  const name = parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '')
  return name || root
}

/** The sub-schema a TypeBox error points at (`#/properties/purposes/items`). */
function schemaAt(root: TSchema, schemaPath: string | undefined): Record<string, unknown> | undefined {
  let node: unknown = root
  for (const part of (schemaPath ?? '#').split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined
}

function expectation(e: TbError, sub: Record<string, unknown> | undefined): string {
  // A wrong JSON type (a phone sent as a number) is told as such; the schema's own words cover the rest.
  if (typeof sub?.errorMessage === 'string' && e.keyword !== 'type') return sub.errorMessage
  const p = e.params
  switch (e.keyword) {
    case 'type':
      return p.type === 'object' ? 'expected a JSON object' : `expected a ${p.type}`
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).join(', ')}`
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`
    case 'minLength':
      return `expected at least ${p.limit} character(s)`
    case 'maxLength':
      return `expected at most ${p.limit} characters`
    case 'minItems':
      return `expected at least ${p.limit} item(s)`
    case 'maxItems':
      return `expected at most ${p.limit} items`
    case 'uniqueItems':
      return 'expected each item at most once'
    case 'pattern':
      return 'contains characters that are not allowed'
    case 'minimum':
    case 'maximum':
      return `expected ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${p.limit}`
    default:
      return e.message ?? 'not valid'
  }
}

/** One error per field, each `field: expected …`; `required` and `additionalProperties` name their keys. */
export function describeErrors(
  root: TSchema,
  errors: Iterable<TbError>,
  part = 'body',
): FastifySchemaValidationError[] {
  const out = new Map<string, FastifySchemaValidationError>()
  const add = (e: TbError, field: string, message: string) => {
    if (!out.has(field)) out.set(field, { ...e, message: `${field}: ${message}` })
  }
  for (const e of errors) {
    if (e.keyword === 'required') {
      for (const key of (e.params.requiredProperties as string[]) ?? [])
        add(e, fieldName(part, e.instancePath, key), 'required, but missing')
    } else if (e.keyword === 'additionalProperties') {
      for (const key of (e.params.additionalProperties as string[]) ?? [])
        add(e, fieldName(part, e.instancePath, key), 'unknown field')
    } else if (e.keyword !== 'boolean') {
      // `boolean` repeats an additionalProperties error for the same key
      add(e, fieldName(part, e.instancePath), expectation(e, schemaAt(root, e.schemaPath)))
    }
  }
  return [...out.values()].slice(0, MAX_LINES)
}

export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  return (value: unknown) => {
    // Query strings and path parameters arrive as text, so they are converted; a JSON body is taken as sent.
    const v = httpPart === 'body' ? value : Value.Convert(schema, value)
    if (check.Check(v)) return { value: v }
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'body')
    return { error: describeErrors(schema, check.Errors(v) as TbError[], part) }
  }
}

/** The answer's `message` lists the fields, `; ` between them (the error handler makes it HUB_ERR_VALIDATION). */
export function formatValidation(errors: FastifySchemaValidationError[]): Error {
  return new Error(errors.map((e) => e.message).join('; '))
}

/** A field that passed the schema but not a rule the schema cannot say (e.g. a trimmed length). */
export function fieldError(field: string, message: string): Error {
  const err = new Error(`${field}: ${message}`) as Error & { validation: unknown[]; statusCode: number }
  err.validation = [{ instancePath: `/${field}`, message }]
  err.statusCode = 400
  return err
}

/** A field and what it expects, as validation messages put it. */
export type Problem = [field: string, expected: string]

/**
 * The 400 for checks beyond a schema (a time after another, a text not blank), every problem named at once
 * as schema errors are (`title: …; end: …`); null when there is none.
 */
export function problemsError(problems: readonly Problem[]): Error | null {
  const [first, ...rest] = problems
  if (!first) return null
  return fieldError(first[0], [first[1], ...rest.map(([f, e]) => `${f}: ${e}`)].join('; '))
}

/** For an encapsulated routes plugin: its routes validate with the rules above. */
export function useStrictValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(strictValidatorCompiler)
  app.setSchemaErrorFormatter((errors) => formatValidation(errors))
}

/** Kiosk bodies are a few short fields; anything larger is refused before it is parsed. */
export const KIOSK_BODY_LIMIT = 4096
