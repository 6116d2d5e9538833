import { api } from '../../lib/manage-api.js'
import type { Alert } from '../../lib/manage-types.js'
import { SeverityTag } from '../components/alert-card.js'
import { LoadState } from '../components/form.js'
import { dateTime, duration, pick, t } from '../i18n.js'
import { useLoad } from '../use-load.js'

const WEEK_MS = 7 * 86_400_000

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
        return (
          <li class="row row--stack" key={a.id} data-alert-id={a.id}>
            <div class="row__line">
              <SeverityTag severity={a.severity} />
              <strong>{pick(a.title)}</strong>
            </div>
            <span class="muted">
              {dateTime(a.since)}
              {minutes !== null && ` · ${t('history.lasted', { d: duration(minutes) })}`}
            </span>
            <span>{clearedText(a)}</span>
          </li>
        )
      })}
    </ul>
  )
}
