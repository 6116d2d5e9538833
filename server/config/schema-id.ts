import { Type } from 'typebox'

/** An id a person types into the config: safe in topics, file names and URLs. */
export const Id = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', description: `${description} Letters, digits, _ and -.` })
