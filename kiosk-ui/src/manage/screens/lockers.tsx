import { useEffect, useState } from 'preact/hooks'
import { lockers as liveLockers } from '../../lib/lockers.js'
import { openAlerts } from '../../lib/manage-live.js'
import { lockerApi, type ManagedLocker, type ManagedLockers, type Opened } from '../../lib/manage-lockers.js'
import { useSignal } from '../../lib/signal.js'
import { LoadState } from '../components/form.js'
import { OpenSheet, ServiceSheet } from '../components/locker-sheets.js'
import { ago, dateTime, duration, type PlainKey, pick, t } from '../i18n.js'
import { canAct, user } from '../session.js'
import { useLoad } from '../use-load.js'

type Open = { kind: 'open' | 'service'; locker: ManagedLocker } | null

const DOOR: Record<ManagedLocker['door'], PlainKey> = {
  open: 'lockers.doorOpen',
  closed: 'lockers.doorClosed',
  unknown: 'lockers.doorUnknown',
}

function state(l: ManagedLocker): { text: string; tone: string } {
  if (!l.online) return { text: t('lockers.offline'), tone: 'major' }
  if (!l.inService) return { text: t('lockers.outOfService'), tone: 'major' }
  if (l.rental?.overdue) return { text: t('lockers.overdue'), tone: 'minor' }
  if (l.rental)
    return {
      text: t(l.rental.by === 'phone' ? 'lockers.rentalPhone' : 'lockers.rentalPin', rentalArgs(l)),
      tone: 'category',
    }
  return { text: t('lockers.free'), tone: 'category' }
}

function rentalArgs(l: ManagedLocker) {
  return { phone: l.rental?.phoneMasked ?? '', age: duration(l.rental?.minutes ?? 0) }
}

function BusLines({ view }: { view: ManagedLockers }) {
  const lines: string[] = []
  for (const b of view.buses) {
    if (!b.connected) lines.push(t('lockers.busOffline', { bus: b.id, port: b.port }))
    else
      for (const x of b.boards)
        if (x.online !== true) lines.push(t('lockers.boardOffline', { bus: b.id, board: x.address }))
  }
  if (lines.length === 0) return null
  return (
    <section class="panel panel--warn" data-testid="bus-problems">
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </section>
  )
}

/** Every charging locker live (door, board, service, rental and its age), its faults, and what a manager may do. */
export function LockersScreen() {
  const mayAct = canAct(useSignal(user))
  const rev = useSignal(liveLockers)?.rev
  const view = useLoad(() => lockerApi.all(), [])
  const [open, setOpen] = useState<Open>(null)
  const [note, setNote] = useState<string | null>(null)
  const faults = useSignal(openAlerts).filter((a) => a.type.startsWith('locker-'))
  const nowMs = Date.now()
  // The hub pushes the kiosk's summary on every change: the console reloads its fuller view then.
  useEffect(() => {
    if (rev !== undefined) void view.reload()
  }, [rev])
  const v = view.data
  if (!v) return <LoadState loading={view.loading} error={view.error} />
  if (v.lockers.length === 0) return <p class="muted">{t('lockers.none')}</p>
  const opened = (o: Opened) => {
    const key =
      o.outcome === 'opened'
        ? 'lockers.opened'
        : o.outcome === 'already-open'
          ? 'lockers.alreadyOpen'
          : 'lockers.jammed'
    setNote(t(key, { label: o.locker.label }))
    setOpen(null)
    void view.reload()
  }
  return (
    <section data-testid="lockers">
      <header class="screen__bar">
        <h2 class="screen__title">{t('lockers.title')}</h2>
      </header>
      <BusLines view={v} />
      {note && (
        <p class="panel" role="status" data-testid="locker-note">
          {note}
        </p>
      )}
      {faults.length > 0 && (
        <section class="panel" data-testid="locker-faults">
          <h3>{t('lockers.faults')}</h3>
          <ul class="list">
            {faults.map((a) => (
              <li key={a.id} data-alert-type={a.type}>
                <span class={`tag tag--${a.severity}`}>{t(`severity.${a.severity}`)}</span> {pick(a.title)} ·{' '}
                {ago(a.raisedAt, nowMs)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ul class="list list--cards">
        {v.lockers.map((l) => {
          const s = state(l)
          return (
            <li class={`card${l.inService && l.online ? '' : ' card--dim'}`} key={l.id} data-locker-id={l.id}>
              <div class="card__head">
                <strong class="card__name">{t('lockers.number', { label: l.label })}</strong>
                <span class="muted">
                  {t(l.kind === 'phone' ? 'lockers.kindPhone' : 'lockers.kindBattery')}
                </span>
                <span class={`tag tag--${s.tone}`} data-testid="locker-state">
                  {s.text}
                </span>
              </div>
              <p class="muted" data-testid="locker-door">
                {t(DOOR[l.door])}
                {l.openSince && ` · ${ago(l.openSince, nowMs)}`}
                {' · '}
                {t('lockers.bus', { bus: l.bus, board: l.board })} / {l.lock}
              </p>
              {l.rental?.stage === 'reserved' && <p class="muted">{t('lockers.reserved')}</p>}
              {l.rental?.stage === 'collecting' && <p class="muted">{t('lockers.collecting')}</p>}
              {l.rental?.reconciled && <p class="muted">{t('lockers.reconciled')}</p>}
              {l.service && (
                <p data-testid="locker-service">
                  {l.service.user === null
                    ? t('lockers.outByHub', { when: dateTime(l.service.at) })
                    : t('lockers.outBy', {
                        reason: l.service.reason,
                        who: l.service.user,
                        when: dateTime(l.service.at),
                      })}
                </p>
              )}
              {mayAct && (
                <div class="card__actions">
                  <button
                    type="button"
                    class="btn btn--ghost"
                    onClick={() => setOpen({ kind: 'service', locker: l })}
                    data-testid="locker-service-btn"
                  >
                    {t(l.inService ? 'lockers.takeOut' : 'lockers.putBack')}
                  </button>
                  <button
                    type="button"
                    class="btn btn--primary"
                    onClick={() => setOpen({ kind: 'open', locker: l })}
                    data-testid="locker-open-btn"
                  >
                    {t('lockers.open')}
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {open?.kind === 'open' && (
        <OpenSheet locker={open.locker} onClose={() => setOpen(null)} onDone={opened} />
      )}
      {open?.kind === 'service' && (
        <ServiceSheet
          locker={open.locker}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null)
            void view.reload()
          }}
        />
      )}
    </section>
  )
}
