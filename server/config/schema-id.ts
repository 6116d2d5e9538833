import { Type } from 'typebox'

/** What an id a person types into the config may be: safe in topics, file names and URLs. */
export const ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$'
export const isId = (text: string) => /^[A-Za-z0-9_-]{1,64}$/.test(text)

/** An id a person types into the config: safe in topics, file names and URLs. */
export const Id = (description: string) =>
  Type.String({ pattern: ID_PATTERN, description: `${description} Letters, digits, _ and -.` })
