// The station's own texts (names, units, titles) in the kiosk's language: the English the config or a
// manager gave (`en`), else the text as given.
import type { DeviceState, Notice, Screening, StockEntry } from '../lib/types.js'
import { lang, localized } from './i18n.js'

export const stationName = (name: string, en: { name: string } | undefined) => localized(name, en, 'name')

export const deviceName = (d: Pick<DeviceState, 'name' | 'en'>) => localized(d.name, d.en, 'name')

export const itemName = (i: Pick<StockEntry, 'name' | 'en'>) => localized(i.name, i.en, 'name')

/** The English plural of a unit: box → boxes, strip → strips, battery → batteries. */
export function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`
  return `${word}s`
}

/** How `n` of an item are counted: 盒 in Chinese (and when no English unit is given), box or boxes. */
export function unitOf(i: Pick<StockEntry, 'unit' | 'en'>, n: number): string {
  const en = i.en?.unit
  if (lang.value !== 'en' || !en) return i.unit
  return n === 1 ? en : (i.en?.units ?? plural(en))
}

export const noticeTitle = (n: Notice) => localized(n.title, n.en, 'title')
export const noticeBody = (n: Notice) => localized(n.body, n.en, 'body')

type ScreeningTexts = Pick<Screening, 'title' | 'organiser' | 'place' | 'en'>
export const screeningTitle = (s: Pick<ScreeningTexts, 'title' | 'en'>) => localized(s.title, s.en, 'title')
export const screeningOrganiser = (s: ScreeningTexts) => localized(s.organiser, s.en, 'organiser')
export const screeningPlace = (s: Pick<ScreeningTexts, 'place' | 'en'>) => localized(s.place, s.en, 'place')
