import { type TSchema, Type } from 'typebox'

/**
 * The English of a text the config gives in Chinese, for the kiosk's English mode: an optional `en` object
 * beside the Chinese fields, with one field per text (`en: { name: "Lunch fridge" }`). A text without its
 * English is shown as given. Each text keeps the length limit of the Chinese one, a little longer, as
 * English runs longer.
 */
export function English<P extends Record<string, TSchema>>(fields: P, what: string) {
  return Type.Optional(
    Type.Object(fields, {
      additionalProperties: false,
      description: `English of ${what}, shown when a courier switches the kiosk to English; left out, the Chinese is shown.`,
    }),
  )
}

/** One English text of at most `max` characters. */
export const EnText = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, description })
