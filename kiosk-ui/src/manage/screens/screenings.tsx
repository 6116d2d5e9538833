import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { signupsCsv } from '../../lib/manage-csv.js'
import type { ManagedScreening } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { LoadState } from '../components/form.js'
import { ScreeningSheet } from '../components/screening-form.js'
import { ConfirmSheet } from '../components/sheet.js'
import { CallListSheet, SignupList } from '../components/signup-list.js'
import { clockTime, dateTime, t } from '../i18n.js'
import { canAct, user } from '../session.js'
import { useAction, useLoad } from '../use-load.js'

type Open =
  | { kind: 'edit'; s: ManagedScreening | null }
  | { kind: 'cancel'; s: ManagedScreening }
  | { kind: 'call'; id: string }
  | null

/** Upcoming events first (soonest on top), then past and cancelled ones (latest on top). */
function order(list: ManagedScreening[], nowMs: number): ManagedScreening[] {
  const live = (s: ManagedScreening) => !s.cancelled && Date.parse(s.end) > nowMs
  const coming = list.filter(live).sort((a, b) => a.start.localeCompare(b.start))
  const done = list.filter((s) => !live(s)).sort((a, b) => b.start.localeCompare(a.start))
  return [...coming, ...done]
}

export function ScreeningsScreen() {
  const mayAct = canAct(useSignal(user))
  const list = useLoad(() => api.screenings(), [])
  const [open, setOpen] = useState<Open>(null)
  const [shown, setShown] = useState<string | null>(null)
  const cancel = useAction()
  const close = () => {
    cancel.setError(null)
    setOpen(null)
  }
  // After a refusal (another manager called the event off meanwhile, 409 HUB_ERR_SCREENING_LOCKED) the list
  // must show why, so closing a sheet always reloads it.
  const closeAndReload = () => {
    close()
    void list.reload()
  }
  if (!list.data) return <LoadState loading={list.loading} error={list.error} />
  const nowMs = Date.now()
  return (
    <section data-testid="screenings">
      <header class="screen__bar">
        <h2 class="screen__title">{t('screen.title')}</h2>
        {mayAct && (
          <button
            type="button"
            class="btn"
            onClick={() => setOpen({ kind: 'edit', s: null })}
            data-testid="add-screening"
          >
            + {t('screen.add')}
          </button>
        )}
      </header>
      {list.data.length === 0 && <p class="muted">{t('screen.none')}</p>}
      <ul class="list list--cards">
        {order(list.data, nowMs).map((s) => {
          const past = Date.parse(s.end) <= nowMs
          const confirmed = s.capacity - s.seatsLeft
          const holding = s.signups.filter((u) => u.status !== 'cancelled').length
          const dim = (s.cancelled || past) && s.toTell === 0
          return (
            <li class={`card${dim ? ' card--dim' : ''}`} key={s.id} data-screening-id={s.id}>
              <div class="card__head">
                <strong class="card__name">{s.title}</strong>
                {s.cancelled ? (
                  <span class="tag tag--warning">{t('screen.cancelled')}</span>
                ) : past ? (
                  <span class="tag tag--warning">{t('screen.past')}</span>
                ) : null}
              </div>
              <p>
                {dateTime(s.start)}–{clockTime(Date.parse(s.end))} · {s.place}
              </p>
              <p class="muted">{s.organiser}</p>
              <p>
                <strong>{t('screen.seats', { n: confirmed, capacity: s.capacity })}</strong>
                {` · ${t('screen.waitlist', { n: s.waitlist })}`}
              </p>
              {s.toTell > 0 && (
                <p class="tell-note" data-testid="to-tell">
                  {t(s.cancelled ? 'screen.toTellCancelled' : 'screen.toTellPromoted', { n: s.toTell })}
                </p>
              )}
              <div class="card__actions">
                <button
                  type="button"
                  class="btn btn--ghost"
                  aria-expanded={shown === s.id}
                  onClick={() => setShown(shown === s.id ? null : s.id)}
                >
                  {t('screen.signups', { n: holding })}
                </button>
                <a class="btn btn--ghost" href={signupsCsv(s.id)} download>
                  {t('common.csv')}
                </a>
                {mayAct && !s.cancelled && !past && (
                  <>
                    <button type="button" class="btn btn--ghost" onClick={() => setOpen({ kind: 'edit', s })}>
                      {t('common.edit')}
                    </button>
                    <button
                      type="button"
                      class="btn btn--ghost btn--danger-text"
                      onClick={() => setOpen({ kind: 'cancel', s })}
                    >
                      {t('screen.cancel')}
                    </button>
                  </>
                )}
              </div>
              {(shown === s.id || s.toTell > 0) && (
                <SignupList s={s} mayAct={mayAct} onChanged={list.reload} />
              )}
            </li>
          )
        })}
      </ul>
      {open?.kind === 'edit' && (
        <ScreeningSheet screening={open.s} onClose={closeAndReload} onSaved={list.reload} />
      )}
      {open?.kind === 'cancel' && (
        <ConfirmSheet
          title={t('screen.cancel')}
          text={t('screen.cancelText', {
            title: open.s.title,
            n: open.s.signups.filter((u) => u.status !== 'cancelled').length,
          })}
          back={t('screen.keep')}
          confirm={t('screen.cancelConfirm')}
          busy={cancel.busy}
          error={cancel.error}
          onClose={closeAndReload}
          onConfirm={async () => {
            if (await cancel.run(() => api.cancelScreening(open.s.id))) {
              await list.reload()
              // Then straight to whom to call: the people who held a place or waited.
              setOpen({ kind: 'call', id: open.s.id })
            }
          }}
        />
      )}
      {open?.kind === 'call' && list.data.some((x) => x.id === open.id) && (
        <CallListSheet
          s={list.data.find((x) => x.id === open.id) as ManagedScreening}
          onClose={close}
          onChanged={list.reload}
        />
      )}
    </section>
  )
}
