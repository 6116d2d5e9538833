import { api } from '../../lib/manage-api.js'
import { applyEvent } from '../../lib/manage-live.js'
import type { Alert } from '../../lib/manage-types.js'
import { type PlainKey, pick, t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { Ago } from './ago.js'
import { FormError } from './form.js'

const severityKey: Record<Alert['severity'], PlainKey> = {
  critical: 'severity.critical',
  major: 'severity.major',
  minor: 'severity.minor',
  warning: 'severity.warning',
}

export const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1))

/** The measured part of an alert, where its type gives the value a unit; null where it has none. */
export function alertValue(a: Alert): { value: string; peak: string | null } | null {
  if (a.value === null || a.value === undefined) return null
  const peak = a.peak === null || a.peak === undefined || a.peak === a.value ? null : num(a.peak)
  switch (a.type) {
    case 'temperature-high':
    case 'temperature-low':
      return {
        value: t('value.temperature', { v: num(a.value) }),
        peak: peak && t(a.type === 'temperature-high' ? 'value.peakHigh' : 'value.peakLow', { v: peak }),
      }
    case 'stock-low':
      return { value: t('value.count', { v: num(a.value) }), peak: null }
    case 'battery-low':
      return { value: t('value.battery', { v: num(a.value) }), peak: null }
    default:
      return null
  }
}

/**
 * The line under the title: the device and the value, leaving out what the hub's title already says
 * ("温度过高：药品冰箱（9.1 °C）"), so a phone screen shows each fact once; the peak is never in the title.
 */
export function detailLine(a: Alert, title: string): string {
  const v = alertValue(a)
  // A help alert's subject is the reason, already in the title; the number to call back is in its context.
  const phone = a.type === 'help' && typeof a.context?.phoneMasked === 'string' ? a.context.phoneMasked : null
  const parts = [
    phone && t('alerts.phone', { phone }),
    a.type === 'help' || title.includes(a.subjectName) ? null : a.subjectName,
    v && !title.includes(num(a.value ?? Number.NaN)) ? v.value : null,
    v?.peak ?? null,
  ]
  return parts.filter(Boolean).join(' · ')
}

export function SeverityTag({ severity }: { severity: Alert['severity'] }) {
  return <span class={`tag tag--${severity}`}>{t(severityKey[severity] ?? 'severity.warning')}</span>
}

export function AlertCard(props: { alert: Alert; canAct: boolean; onResolve: (a: Alert) => void }) {
  const { alert: a, canAct } = props
  const { busy, error, run } = useAction()
  const title = pick(a.title)
  const detail = detailLine(a, title)
  const ack = () =>
    run(async () => {
      applyEvent({ event: 'acknowledged', alert: await api.ack(a.id) })
    })
  return (
    <article class={`alert alert--${a.severity} alert--${a.state}`} data-alert-id={a.id} data-testid="alert">
      <header class="alert__head">
        <SeverityTag severity={a.severity} />
        <h3 class="alert__title">{title}</h3>
        {a.count > 1 && (
          <span class="alert__count" title={t('alerts.repeats', { n: a.count })}>
            ×{a.count}
          </span>
        )}
      </header>
      {detail && <p class="alert__subject">{detail}</p>}
      <p class="alert__meta">
        {t('alerts.since')} <Ago at={a.since} />
        {a.count > 1 && (
          <>
            {' · '}
            {t('alerts.last')} <Ago at={a.lastAt} />
          </>
        )}
      </p>
      <p class="alert__state" data-testid="alert-state">
        {a.state === 'acknowledged' ? t('alerts.ackedBy', { name: a.ackBy ?? '—' }) : t('alerts.waiting')}
      </p>
      <FormError text={error} />
      {canAct && (
        <div class="alert__actions">
          {a.state === 'active' && (
            <button type="button" class="btn" disabled={busy} onClick={ack} data-testid="ack">
              {t('alerts.ack')}
            </button>
          )}
          <button
            type="button"
            class="btn btn--primary"
            onClick={() => props.onResolve(a)}
            data-testid="resolve"
          >
            {t('alerts.resolve')}
          </button>
        </div>
      )}
    </article>
  )
}
