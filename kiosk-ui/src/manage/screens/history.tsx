import { api } from '../../lib/manage-api.js'
import type { Alert } from '../../lib/manage-types.js'
import { num, SeverityTag } from '../components/alert-card.js'
import { LoadState } from '../components/form.js'
import { dateTime, duration, pick, t } from '../i18n.js'
import { useLoad } from '../use-load.js'

const WEEK_MS = 7 * 86_400_000

/**
 * The hub's title ends with the latest value, which for a cleared alert is the recovered one
 * ("温度过高：冰箱温度（3.5 °C）"). The history shows the title without it, and the worst value instead.
 */
export function historyTitle(a: Alert): string {
  const title = pick(a.title)
  return a.value === null ? title : title.replace(/\s*[（(][^（()）]*[)）]$/, '')
}

/** The worst value while the alert lasted, in words ("最高 7.5 °C"); null where the type has none. */
export function worstValue(a: Alert): string | null {
  if (a.peak === null) return null
  const v = num(a.peak)
  switch (a.type) {
    case 'temperature-high':
      return t('value.peakHigh', { v })
    case 'temperature-low':
      return t('value.peakLow', { v })
    case 'stock-low':
      return t('value.count', { v })
    case 'battery-low':
      return t('value.battery', { v })
    default:
      return null
  }
}

/** Who cleared it and the note they left; "back to normal by itself" when the condition recovered. */
function clearedText(a: Alert): string {
  if (!a.clearedBy || a.clearedBy === 'auto') return t('history.recovered')
  return a.note
    ? t('history.clearedNote', { name: a.clearedBy, note: a.note })
    : t('history.clearedBy', { name: a.clearedBy })
}

/** Cleared alerts of the last 7 days, newest first: who cleared what, when, and the note they left. */
export function HistoryList() {
  const { data, error, loading } = useLoad(async () => {
    const to = new Date()
    const all = await api.alertHistory(new Date(to.getTime() - WEEK_MS), to)
    return all.filter((a) => a.state === 'cleared')
  }, [])
  if (!data || data.length === 0)
    return <LoadState loading={loading} error={error} empty={t('history.none')} />
  return (
    <ul class="list" data-testid="history">
      {data.map((a) => {
        const minutes = a.clearedAt ? (Date.parse(a.clearedAt) - Date.parse(a.since)) / 60_000 : null
        const worst = worstValue(a)
        return (
          <li class="row row--stack" key={a.id} data-alert-id={a.id}>
            <div class="row__line">
              <SeverityTag severity={a.severity} />
              <strong>{historyTitle(a)}</strong>
            </div>
            <span class="muted">
              {dateTime(a.since)}
              {minutes !== null && ` · ${t('history.lasted', { d: duration(minutes) })}`}
              {worst && ` · ${worst}`}
            </span>
            <span>{clearedText(a)}</span>
          </li>
        )
      })}
    </ul>
  )
}
