import { useState } from 'preact/hooks'
import { Field, FormError } from '../../lib/field.js'
import { api } from '../api.js'
import { knownKey, t, typeText } from '../i18n.js'
import { stationHref } from '../route.js'
import type { DistrictAlert } from '../types.js'
import { useAction } from '../use-load.js'
import { Ago } from './ago.js'

/** Acknowledging from the district: a note, then a command to the station (applied when it is online). */
function AckForm({ alert, onDone }: { alert: DistrictAlert; onDone: () => void }) {
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState('')
  const { busy, error, run } = useAction()
  if (!open)
    return (
      <button type="button" class="btn btn--primary" onClick={() => setOpen(true)} data-testid="ack">
        {t('ack.button')}
      </button>
    )
  const submit = async (e: Event) => {
    e.preventDefault()
    if (await run(() => api.acknowledge(alert.stationId, alert.alertId, note))) {
      setOpen(false)
      onDone()
    }
  }
  return (
    <form class="form ack" onSubmit={submit} data-testid="ack-form">
      <Field label={t('ack.note')}>
        <textarea
          name="note"
          rows={2}
          maxLength={500}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
          data-testid="ack-note"
        />
      </Field>
      <FormError text={error} />
      <div class="form-buttons">
        <button type="button" class="btn btn--ghost" onClick={() => setOpen(false)}>
          {t('ack.cancel')}
        </button>
        <button type="submit" class="btn btn--primary" disabled={busy} data-testid="ack-submit">
          {busy ? t('ack.busy') : t('ack.submit')}
        </button>
      </div>
    </form>
  )
}

/** An open alert of a station, as the district sees it: its station, escalation, who acknowledged it. */
export function AlertCard({
  alert: a,
  showStation,
  onChange,
}: {
  alert: DistrictAlert
  showStation?: boolean
  onChange?: () => void
}) {
  const d = a.districtAck
  return (
    <li
      class={`alert alert--${a.severity} alert--${a.state}${a.escalatedAt ? ' alert--escalated' : ''}`}
      data-testid={`alert-${a.alertId}`}
    >
      <div class="alert__head">
        <span class={`tag tag--${a.severity}`}>
          {t(knownKey('severity.', a.severity, 'severity.warning'))}
        </span>
        <strong class="alert__title">{typeText(a.type)}</strong>
        {a.escalatedAt && <span class="tag tag--escalated">{t('alerts.escalated')}</span>}
      </div>
      {showStation && (
        <p>
          <a href={stationHref(a.stationId)} class="alert__station">
            {a.stationName}
          </a>{' '}
          <span class="muted">{t('station.where', { street: a.street, community: a.community })}</span>
        </p>
      )}
      <p class="alert__meta muted">
        {a.subjectName}
        {a.value !== null && ` · ${a.value}`} · <Ago at={a.raisedAt} /> ·{' '}
        {a.state === 'acknowledged' ? t('alerts.acknowledged') : t('alerts.active')}
      </p>
      {d && (
        <p class="alert__ack" data-testid="district-ack">
          {t('alerts.districtAck', { by: d.by, state: t(knownKey('command.', d.state, 'command.pending')) })}
          {d.note && <> · {t('alerts.note', { note: d.note })}</>}
        </p>
      )}
      {onChange && a.state === 'active' && !d && <AckForm alert={a} onDone={onChange} />}
    </li>
  )
}
