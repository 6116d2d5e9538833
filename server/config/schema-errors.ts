import type { TSchema } from 'typebox'
import { Settings } from 'typebox/system'
import { Value } from 'typebox/value'

/** `/devices/2/kind` → `devices[2].kind` */
export function jsonPointerToPath(pointer: string): string {
  if (pointer === '') return '(top level)'
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '')
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'object') return 'an object'
  return String(value)
}

/**
 * Every schema error, one line each, naming the key and what was expected,
 * e.g. `devices[2].kind: expected one of temperature, door, stock, got "fan"`.
 */
export function formatSchemaErrors(schema: TSchema, value: unknown): string[] {
  const lines = new Map<string, string>()
  // TypeBox stops at 8 errors by default; a config file deserves every one at once.
  const { maxErrors } = Settings.Get()
  Settings.Set({ maxErrors: 1000 })
  const errors = Value.Errors(schema, value)
  Settings.Set({ maxErrors })
  for (const e of errors) {
    const err = e as {
      keyword: string
      instancePath: string
      params: Record<string, unknown>
      message: string
    }
    const path = jsonPointerToPath(err.instancePath)
    const actual = Value.Pointer.Get(value as object, err.instancePath)
    let line: string
    switch (err.keyword) {
      case 'required':
        for (const key of (err.params.requiredProperties as string[]) ?? []) {
          const p = path === '(top level)' ? key : `${path}.${key}`
          lines.set(p, `${p}: required, but missing`)
        }
        continue
      case 'additionalProperties':
        for (const key of (err.params.additionalProperties as string[]) ?? []) {
          const p = path === '(top level)' ? key : `${path}.${key}`
          lines.set(p, `${p}: unknown key (check its spelling against docs/configuration.md)`)
        }
        continue
      case 'boolean':
        continue // the additionalProperties line above already names the key
      case 'enum':
        line = `expected one of ${(err.params.allowedValues as unknown[]).join(', ')}, got ${describe(actual)}`
        break
      case 'type':
        line = `expected ${err.params.type === 'integer' ? 'a whole number' : `a ${err.params.type}`}, got ${describe(actual)}`
        break
      case 'minimum':
        line = `expected at least ${err.params.limit ?? err.params.minimum}, got ${describe(actual)}`
        break
      case 'exclusiveMinimum':
        line = `expected more than ${err.params.limit ?? err.params.exclusiveMinimum}, got ${describe(actual)}`
        break
      case 'maximum':
        line = `expected at most ${err.params.limit ?? err.params.maximum}, got ${describe(actual)}`
        break
      case 'minLength':
        line = `expected at least ${err.params.limit ?? err.params.minLength} character(s), got ${describe(actual)}`
        break
      case 'maxLength':
        line = `expected at most ${err.params.limit ?? err.params.maxLength} characters, got ${describe(actual)}`
        break
      case 'maxItems':
        line = `expected at most ${err.params.limit ?? err.params.maxItems} entries`
        break
      case 'pattern':
        line = `expected to match ${err.params.pattern}, got ${describe(actual)}`
        break
      default:
        line = `${err.message}, got ${describe(actual)}`
    }
    if (!lines.has(path)) lines.set(path, `${path}: ${line}`)
  }
  return [...lines.values()]
}
