import type { FastifyInstance, FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { allErrors, type SchemaError, schemaProblems } from '../schema-errors.js'
import { convertQuery } from './query.js'
// Registers the strict date formats: a schema's date-time or date only passes a date that exists.
import './dates.js'

/**
 * Request validation for every route, stricter and plainer-spoken than Fastify's default:
 * - unknown fields are refused (Fastify's Ajv silently drops them: `removeAdditional`), and body values are
 *   never coerced (a phone sent as a number is an error, not a string); query text is converted only when
 *   it says exactly a number or a boolean (`days=1.5` is not a whole number, not 1);
 * - each message names the field and what was expected, never the value sent (it may be a phone number),
 *   e.g. `phone: expected a mainland mobile number, 11 digits starting 13–19` (server/schema-errors.ts, the
 *   formatter the station config uses too).
 */
const MAX_LINES = 5

/** One error per field, each `field: expected …`, at most MAX_LINES of them. */
export function describeErrors(
  root: TSchema,
  errors: Iterable<SchemaError>,
  part = 'body',
): FastifySchemaValidationError[] {
  return schemaProblems(root, errors, { root: part })
    .slice(0, MAX_LINES)
    .map((p) => ({
      keyword: p.error.keyword,
      instancePath: p.error.instancePath,
      schemaPath: p.error.schemaPath ?? '#',
      params: p.error.params,
      message: `${p.field}: ${p.expected}`,
    }))
}

export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const fromText = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers'
  return (value: unknown) => {
    // Query strings and path parameters arrive as text, so they are converted; a JSON body is taken as sent.
    const v = fromText ? convertQuery(schema, value) : value
    if (check.Check(v)) return { value: v }
    const part = httpPart === 'querystring' ? 'query' : (httpPart ?? 'body')
    const errors = allErrors(() => check.Errors(v) as Iterable<SchemaError>)
    return { error: describeErrors(schema, errors, part) }
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
