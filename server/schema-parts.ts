import { Type } from 'typebox'
// Registers the strict date-time and date formats the schemas below rely on.
import './http/dates.js'

/** Pieces the schemas (requests, answers at /docs, the station file) share. */

/** The type, or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()])

/** An ISO 8601 instant. */
export const Iso = (description: string) => Type.String({ format: 'date-time', description })

/** A calendar day that exists, YYYY-MM-DD (2026-02-30 is refused, not rolled over to March). */
export const Day = (description: string) => Type.String({ format: 'date', description })
