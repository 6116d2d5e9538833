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

/** The latest value of an alert, with its unit; null where its type has none. The title has the worst. */
export function currentValue(a: Alert): string | null {
  if (a.value === null || a.value === undefined) return null
  switch (a.type) {
    case 'temperature-high':
    case 'temperature-low':
      return t('value.temperature', { v: num(a.value) })
    case 'stock-low':
      return t('value.count', { v: num(a.value) })
    case 'battery-low':
      return t('value.battery', { v: num(a.value) })
    default:
      return null
  }
}

/** What the count badge counts, in words: readings in alarm for a sensor, times seen for the rest. */
export function countText(a: Alert): string {
  switch (a.type) {
    case 'temperature-high':
    case 'temperature-low':
      return t('alerts.countOutOfRange', { n: a.count })
    case 'door-open':
      return t('alerts.countOpen', { n: a.count })
    case 'stock-low':
    case 'battery-low':
      return t('alerts.countLow', { n: a.count })
    default:
      return t('alerts.countTimes', { n: a.count })
  }
}

/** 13812345678 → 138 1234 5678, as a number is read out. */
export const spacedPhone = (p: string) => p.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3')

/**
 * The line under the title: the device where the title does not name it, the value now (the title has the
 * worst), and for help the number to call back (in full while the hub keeps it, else masked), so a phone
 * screen shows each fact once. `phone: false` leaves the number out (the card shows a call button).
 */
export function detailLine(a: Alert, title: string, opts: { phone?: boolean } = {}): string {
  const value = currentValue(a)
  const number = a.phone ?? (typeof a.context?.phoneMasked === 'string' ? a.context.phoneMasked : null)
  const parts = [
    a.type === 'help' && number && opts.phone !== false ? t('alerts.phone', { phone: number }) : null,
    // A help alert's subject is the reason, already in the title.
    a.type === 'help' || title.includes(a.subjectName) ? null : a.subjectName,
    value && a.state !== 'cleared' ? t('value.now', { v: value }) : null,
  ]
  return parts.filter(Boolean).join(' · ')
}

/** Tap to call the courier back: the number in full, while the hub keeps it. */
export function CallButton({ phone, testId = 'call' }: { phone: string; testId?: string }) {
  return (
    <a class="btn btn--call" href={`tel:${phone}`} data-testid={testId}>
      {t('alerts.call', { phone: spacedPhone(phone) })}
    </a>
  )
}

export function SeverityTag({ severity }: { severity: Alert['severity'] }) {
  return <span class={`tag tag--${severity}`}>{t(severityKey[severity] ?? 'severity.warning')}</span>
}

export function AlertCard(props: { alert: Alert; canAct: boolean; onResolve: (a: Alert) => void }) {
  const { alert: a, canAct } = props
  const { busy, error, run } = useAction()
  const title = pick(a.title)
  const detail = detailLine(a, title, { phone: !a.phone })
  const ack = () =>
    run(async () => {
      applyEvent({ event: 'acknowledged', alert: await api.ack(a.id) })
    })
  return (
    <article class={`alert alert--${a.severity} alert--${a.state}`} data-alert-id={a.id} data-testid="alert">
      <header class="alert__head">
        <SeverityTag severity={a.severity} />
        <h3 class="alert__title">{title}</h3>
        {a.count > 1 && <span class="alert__count">{countText(a)}</span>}
      </header>
      {detail && <p class="alert__subject">{detail}</p>}
      {a.phone && <CallButton phone={a.phone} />}
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
