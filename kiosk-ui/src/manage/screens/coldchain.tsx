import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { coldChainCsv } from '../../lib/manage-csv.js'
import type { Excursion } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { Field, FormButtons, FormError, LoadState } from '../components/form.js'
import { Sheet } from '../components/sheet.js'
import { dateTime, duration, t } from '../i18n.js'
import { canAct, user } from '../session.js'
import { useAction, useLoad } from '../use-load.js'

const DAYS = 30
const SHOWN = 7

type Range = { min: number | null; max: number | null } | null
const out = (v: number | null, r: Range) =>
  v !== null && r !== null && ((r.max !== null && v > r.max) || (r.min !== null && v < r.min))
const deg = (v: number | null) => (v === null ? '—' : v.toFixed(1))

/** The cold-chain record an inspector asks for: daily min/max, each excursion and what was done about it. */
export function ColdChainRecord({ deviceId, okRange }: { deviceId: string; okRange: Range }) {
  const mayAct = canAct(useSignal(user))
  const record = useLoad(() => api.coldChain(deviceId, DAYS), [deviceId])
  const [all, setAll] = useState(false)
  const [writing, setWriting] = useState<Excursion | null>(null)
  const data = record.data
  const days = [...(data?.days ?? [])].sort((a, b) => b.date.localeCompare(a.date))
  return (
    <section class="panel" data-testid="coldchain">
      <header class="panel__head">
        <h3>{t('cold.title')}</h3>
        <a class="btn btn--ghost btn--small" href={coldChainCsv(deviceId, DAYS)} download>
          {t('common.csv')}
        </a>
      </header>
      {!data && <LoadState loading={record.loading} error={record.error} />}
      {data && (
        <>
          <table class="table">
            <thead>
              <tr>
                <th>{t('cold.date')}</th>
                <th>{t('cold.min')}</th>
                <th>{t('cold.max')}</th>
                <th>{t('cold.readings')}</th>
              </tr>
            </thead>
            <tbody>
              {(all ? days : days.slice(0, SHOWN)).map((d) => (
                <tr key={d.date}>
                  <td>{d.date.slice(5)}</td>
                  <td class={out(d.min, okRange) ? 'bad' : ''}>{deg(d.min)}</td>
                  <td class={out(d.max, okRange) ? 'bad' : ''}>{deg(d.max)}</td>
                  <td>{d.readings}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!all && days.length > SHOWN && (
            <button type="button" class="btn btn--ghost btn--wide" onClick={() => setAll(true)}>
              {t('cold.showAll', { n: days.length })}
            </button>
          )}
          <h4>{t('cold.excursions')}</h4>
          {data.excursions.length === 0 && <p class="muted">{t('cold.noExcursions')}</p>}
          <ul class="list">
            {data.excursions.map((x) => (
              <li class="row row--stack" key={x.id} data-testid="excursion">
                <strong class="bad">
                  {t(x.type === 'temperature-high' ? 'cold.high' : 'cold.low', { peak: deg(x.peak) })}
                </strong>
                <span class="muted">
                  {dateTime(x.start)} · {x.end ? duration(x.durationMin) : t('cold.ongoing')}
                </span>
                {x.action ? (
                  <span>{t('cold.action', { action: x.action, name: x.actionBy ?? '—' })}</span>
                ) : mayAct ? (
                  <button type="button" class="btn btn--small" onClick={() => setWriting(x)}>
                    {t('cold.writeAction')}
                  </button>
                ) : (
                  <span class="warn">{t('cold.noAction')}</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {writing && (
        <ActionSheet
          deviceId={deviceId}
          excursion={writing}
          onClose={() => setWriting(null)}
          onSaved={record.reload}
        />
      )}
    </section>
  )
}

function ActionSheet(props: {
  deviceId: string
  excursion: Excursion
  onClose: () => void
  onSaved: () => void
}) {
  const [text, setText] = useState('')
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!text.trim()) return setError(t('cold.actionRequired'))
    if (await run(() => api.excursionAction(props.deviceId, props.excursion.id, text.trim()))) {
      props.onSaved()
      props.onClose()
    }
  }
  return (
    <Sheet title={t('cold.writeAction')} onClose={props.onClose} testid="action-sheet">
      <form class="form" onSubmit={submit}>
        <p class="sheet__lead">{dateTime(props.excursion.start)}</p>
        <Field label={t('cold.actionLabel')}>
          <textarea
            rows={3}
            maxLength={500}
            value={text}
            placeholder={t('cold.actionPlaceholder')}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('common.save')} onCancel={props.onClose} />
      </form>
    </Sheet>
  )
}
