import { useMemo, useState } from 'preact/hooks'
import { useSignal } from '../../lib/signal.js'
import { AlertCard } from '../components/alert-card.js'
import { lang, t, typeText } from '../i18n.js'
import { alertsByStation, stations } from '../live.js'
import { SEVERITIES } from '../types.js'

const RANK: Record<string, number> = { critical: 0, major: 1, minor: 2, warning: 3 }
const nothing = () => {}

function Select(props: {
  label: string
  value: string
  options: Array<[string, string]>
  onChange: (v: string) => void
  testid: string
}) {
  return (
    <label class="field field--inline">
      <span class="field__label">{props.label}</span>
      <select
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        data-testid={props.testid}
      >
        <option value="">{t('alerts.all')}</option>
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Every open alert of the account's stations, live: escalated ones first and marked, then by severity. */
export function AlertsScreen() {
  useSignal(lang)
  const byStation = useSignal(alertsByStation)
  const all = useSignal(stations)
  const [severity, setSeverity] = useState('')
  const [street, setStreet] = useState('')
  const [type, setType] = useState('')
  const alerts = useMemo(() => [...byStation.values()].flat(), [byStation])
  const streets = [...new Set([...all.values()].map((s) => s.street))].sort()
  const types = [...new Set(alerts.map((a) => a.type))].sort()
  const shown = alerts
    .filter(
      (a) =>
        (!severity || a.severity === severity) &&
        (!street || a.street === street) &&
        (!type || a.type === type),
    )
    .sort(
      (a, b) =>
        Number(Boolean(b.escalatedAt)) - Number(Boolean(a.escalatedAt)) ||
        (RANK[a.severity] ?? 9) - (RANK[b.severity] ?? 9) ||
        b.raisedAt.localeCompare(a.raisedAt),
    )
  return (
    <section>
      <div class="screen__bar">
        <h2 class="screen__title">{t('alerts.title')}</h2>
        <span class="muted" data-testid="alert-count">
          {t('alerts.count', { n: shown.length })}
        </span>
      </div>
      <div class="tools">
        <Select
          label={t('alerts.severity')}
          value={severity}
          onChange={setSeverity}
          testid="filter-severity"
          options={SEVERITIES.map((s) => [s, t(`severity.${s}`)])}
        />
        <Select
          label={t('alerts.street')}
          value={street}
          onChange={setStreet}
          testid="filter-street"
          options={streets.map((s) => [s, s])}
        />
        <Select
          label={t('alerts.type')}
          value={type}
          onChange={setType}
          testid="filter-type"
          options={types.map((s) => [s, typeText(s)])}
        />
      </div>
      {shown.length === 0 && <p class="muted">{t('alerts.none')}</p>}
      <ul class="list" data-testid="alert-list">
        {shown.map((a) => (
          <AlertCard key={`${a.stationId}/${a.alertId}`} alert={a} showStation onChange={nothing} />
        ))}
      </ul>
    </section>
  )
}
