import { en } from './messages/en.js'
import { type MessageKey, zh } from './messages/zh.js'
import { signal } from './signal.js'

export type { MessageKey } from './messages/zh.js'
export type Lang = 'zh-CN' | 'en'

/** Simplified Chinese first: the next courier reads Chinese. */
export const DEFAULT_LANG: Lang = 'zh-CN'

export const tables: Record<Lang, { readonly [K in MessageKey]: string }> = { 'zh-CN': zh, en }

/** The parameter names a message uses, read from its Chinese text. */
type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamNames<Rest>
  : never
type ParamsFor<K extends MessageKey> = [ParamNames<(typeof zh)[K]>] extends [never]
  ? []
  : [params: Record<ParamNames<(typeof zh)[K]>, string | number>]

export const lang = signal<Lang>(DEFAULT_LANG)

export function t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string {
  const text: string = tables[lang.value][key]
  const values: Record<string, string | number> | undefined = params[0]
  if (!values) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
}

type KeyWithPrefix<P extends string> = Extract<MessageKey, `${P}${string}`>

/** For keys built at run time (an error code, a category): `prefix + id` if the table has it, else `fallback`. */
export function knownKey<P extends string>(
  prefix: P,
  id: string,
  fallback: NoInfer<KeyWithPrefix<P>>,
): KeyWithPrefix<P> {
  const key = `${prefix}${id}`
  return key in zh ? (key as KeyWithPrefix<P>) : fallback
}

/** A label that comes from the hub in both languages (platforms, purposes). */
export function pick(choice: { zh: string; en: string }): string {
  return lang.value === 'en' ? choice.en : choice.zh
}

export function setLang(next: Lang): void {
  lang.value = next
  if (typeof document === 'undefined') return
  // The lang attribute also picks the right CJK glyph forms in the font stack.
  document.documentElement.lang = next
  document.title = t('app.title')
}

export function toggleLang(): void {
  setLang(lang.value === 'zh-CN' ? 'en' : 'zh-CN')
}
