import type { TSchema } from 'typebox'

/**
 * Query strings and path parameters arrive as text. A field the schema types as a number or a boolean is
 * converted only when the text says exactly that: `days=30` is 30, but `days=1.5` stays text and fails as
 * "expected a whole number" (TypeBox's Value.Convert would truncate it to 1), and `days=` or `days=1e3`
 * fail too. Anything else is left for the schema to judge.
 */
const INTEGER = /^-?\d{1,15}$/
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/

type Node = TSchema & {
  type?: string
  properties?: Record<string, Node>
  anyOf?: Node[]
  items?: Node
}

function convertText(schema: Node, text: string): unknown {
  if (schema.type === 'integer') return INTEGER.test(text) ? Number(text) : text
  if (schema.type === 'number') return NUMBER.test(text) ? Number(text) : text
  if (schema.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text
  if (schema.anyOf) {
    for (const member of schema.anyOf) {
      const v = convertText(member, text)
      if (v !== text) return v
    }
  }
  return text
}

function convertValue(schema: Node, value: unknown): unknown {
  if (typeof value === 'string') return convertText(schema, value)
  if (Array.isArray(value) && schema.type === 'array' && schema.items) {
    const items = schema.items
    return value.map((v) => convertValue(items, v))
  }
  return value
}

export function convertQuery(schema: TSchema, value: unknown): unknown {
  const props = (schema as Node).properties
  if (!props || typeof value !== 'object' || value === null || Array.isArray(value))
    return convertValue(schema as Node, value)
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const [key, v] of Object.entries(out)) {
    const sub = Object.hasOwn(props, key) ? props[key] : undefined
    if (sub) out[key] = convertValue(sub, v)
  }
  return out
}
