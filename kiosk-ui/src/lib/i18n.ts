// The one i18n engine of both pages. Each page keeps its own message tables (kiosk/messages/,
// manage/i18n-*.ts) and binds them here with createTranslator: Chinese is the source, English must have
// every key (a compile error otherwise), `{name}` marks a parameter.
import { signal } from './signal.js'

export type Lang = 'zh-CN' | 'en'

/** Simplified Chinese first. */
export const DEFAULT_LANG: Lang = 'zh-CN'

/** The language of this page; every `t` reads it, so a switch re-words whatever re-renders. */
export const lang = signal<Lang>(DEFAULT_LANG)

let storeKey: string | null = null

/**
 * The console remembers a manager's choice across visits (localStorage under `key`); the kiosk does not,
 * so the next courier reads Chinese. Called once at start, before the first render.
 */
export function rememberLang(key: string): void {
  storeKey = key
  try {
    if (globalThis.localStorage?.getItem(key) === 'en') lang.value = 'en'
  } catch {
    // Private mode or no storage: Chinese.
  }
}

export function setLang(next: Lang): void {
  lang.value = next
  if (storeKey)
    try {
      globalThis.localStorage?.setItem(storeKey, next)
    } catch {
      // Private mode: the choice lasts for this visit only.
    }
  // The lang attribute also picks the right CJK glyph forms in the font stack.
  if (typeof document !== 'undefined') document.documentElement.lang = next
}

export const toggleLang = () => setLang(lang.value === 'zh-CN' ? 'en' : 'zh-CN')

/** A text from the hub in both languages (platforms, purposes, alert titles). */
export const pick = (text: { zh: string; en: string }) => (lang.value === 'en' ? text.en : text.zh)

/**
 * A text from the station config or a manager, with an optional English version (`en`, or one field of
 * it): the English where there is one and the page is in English, else the text as given.
 */
export function localized<T extends object>(text: string, en: T | undefined, field: keyof T): string
export function localized(text: string, en: string | undefined): string
export function localized(text: string, en: unknown, field?: PropertyKey): string {
  if (lang.value !== 'en' || en == null) return text
  const value = field === undefined ? en : (en as Record<PropertyKey, unknown>)[field]
  return typeof value === 'string' && value.trim() !== '' ? value : text
}

/** The BCP 47 locale dates and numbers are written in: British English writes 3 Dec, day before month. */
export const locale = () => (lang.value === 'en' ? 'en-GB' : 'zh-CN')

/** The parameter names a message uses, read from its Chinese text. */
export type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamNames<Rest>
  : never

type Source = Readonly<Record<string, string>>
type Params<Z extends Source, K extends keyof Z> = [ParamNames<Z[K] & string>] extends [never]
  ? []
  : [params: Record<ParamNames<Z[K] & string>, string | number>]
/** A key whose text takes no parameters: what a lookup table (code → message) may hold. */
export type PlainKeyOf<Z extends Source> = {
  [K in keyof Z]: [ParamNames<Z[K] & string>] extends [never] ? K : never
}[keyof Z]

export type Tables<Z extends Source> = Record<Lang, { readonly [K in keyof Z]: string }>

/** One page's `t`, typed by its Chinese table. */
export function createTranslator<Z extends Source>(tables: Tables<Z>) {
  function t<K extends keyof Z & string>(key: K, ...params: Params<Z, K>): string {
    const text: string = tables[lang.value][key]
    const values: Record<string, string | number> | undefined = params[0]
    if (!values) return text
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
  }

  /** For keys built at run time (an error code, a category): `prefix + id` if the table has it, else `fallback`. */
  function knownKey<P extends string>(
    prefix: P,
    id: string,
    fallback: NoInfer<Extract<keyof Z, `${P}${string}`>>,
  ): Extract<keyof Z, `${P}${string}`> {
    const key = `${prefix}${id}`
    return (key in tables['zh-CN'] ? key : fallback) as Extract<keyof Z, `${P}${string}`>
  }

  return { t, knownKey, tables }
}
