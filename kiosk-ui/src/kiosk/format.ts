import type { DeviceState } from '../lib/types.js'
import { t } from './i18n.js'

export interface ReadingText {
  main: string
  extra?: string
}

function weight(grams: number): string {
  return grams >= 1000
    ? t('reading.kilograms', { weight: (grams / 1000).toFixed(2) })
    : t('reading.grams', { weight: Math.round(grams) })
}

/** The big line on a card: `4.6 °C`, 关闭/打开, `12 件` (weight beside it when both are known). */
export function readingText(device: DeviceState): ReadingText {
  const r = device.reading
  if (device.kind === 'temperature' && typeof r?.temperature === 'number') {
    return { main: t('reading.temperature', { value: r.temperature.toFixed(1) }) }
  }
  if (device.kind === 'door' && typeof r?.contact === 'boolean') {
    return { main: t(r.contact ? 'reading.doorClosed' : 'reading.doorOpen') }
  }
  if (device.kind === 'stock' && typeof r?.count === 'number') {
    return {
      main: t('reading.count', { count: r.count }),
      extra: r.weight != null ? weight(r.weight) : undefined,
    }
  }
  if (device.kind === 'stock' && typeof r?.weight === 'number') return { main: weight(r.weight) }
  return { main: t('reading.none') }
}

/** "12 秒前更新", in the largest whole unit. */
export function agoText(at: string | null, nowMs: number): string {
  const then = at ? Date.parse(at) : Number.NaN
  if (Number.isNaN(then)) return t('ago.never')
  // Kiosk and hub clocks can disagree by a little; never show a time in the future.
  const s = Math.max(0, Math.floor((nowMs - then) / 1000))
  if (s < 60) return t('ago.seconds', { n: s })
  if (s < 3600) return t('ago.minutes', { n: Math.floor(s / 60) })
  if (s < 86_400) return t('ago.hours', { n: Math.floor(s / 3600) })
  return t('ago.days', { n: Math.floor(s / 86_400) })
}
