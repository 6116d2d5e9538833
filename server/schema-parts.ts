import { Type } from 'typebox'

/** Pieces the answers' OpenAPI schemas (served at /docs) share. */

/** The type, or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])

/** An ISO 8601 instant. */
export const Iso = (description: string) => Type.String({ format: 'date-time', description })

/** A calendar day, YYYY-MM-DD. */
export const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description })
