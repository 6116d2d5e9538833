import { api } from '../../lib/manage-api.js'
import type { ManagedScreening, Signup } from '../../lib/manage-types.js'
import { type PlainKey, t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { spacedPhone } from './alert-card.js'
import { FormError } from './form.js'
import { Sheet } from './sheet.js'

const statusKey = (u: Signup): string =>
  u.status === 'waitlisted'
    ? t('screen.waitlisted', { n: u.position ?? '?' })
    : u.status === 'cancelled'
      ? t('screen.signupCancelled')
      : t('screen.confirmed')

const tellKey: Record<NonNullable<Signup['tell']>, PlainKey> = {
  promoted: 'screen.tellPromoted',
  cancelled: 'screen.tellCancelled',
}

/** The number to call, in full while the hub keeps it; the masked one after. */
function Phone({ u }: { u: Signup }) {
  if (!u.phone) return <span class="mono signup__masked">{u.phoneMasked}</span>
  return (
    <a class="btn btn--ghost signup__phone" href={`tel:${u.phone}`} data-testid="signup-call">
      {t('alerts.call', { phone: spacedPhone(u.phone) })}
    </a>
  )
}

/** One person: name, state, the number to call; who is owed news says so, until a manager marks them told. */
function Row(props: { s: ManagedScreening; u: Signup; mayAct: boolean; onChanged: () => unknown }) {
  const { s, u } = props
  const told = useAction()
  const markTold = async () => {
    if (await told.run(() => api.told(s.id, u.code))) await props.onChanged()
  }
  return (
    <li class={`signup${u.tell ? ' signup--tell' : ''}`} data-code={u.code}>
      <span class="signup__name">{u.name ?? t('screen.purged')}</span>
      <span class="muted">{statusKey(u)}</span>
      {u.status !== 'cancelled' && <Phone u={u} />}
      {u.tell && (
        <span class="signup__tell" data-testid="tell">
          <strong>{t(tellKey[u.tell])}</strong>
          {props.mayAct && (
            <button type="button" class="btn btn--small" disabled={told.busy} onClick={markTold}>
              {t('screen.markTold')}
            </button>
          )}
        </span>
      )}
      {!u.tell && u.toldAt && <span class="muted">{t('screen.told')}</span>}
      <FormError text={told.error} />
    </li>
  )
}

/** The roster of an event: confirmed, then waiting in order, then those who gave up. */
export function SignupList(props: { s: ManagedScreening; mayAct: boolean; onChanged: () => unknown }) {
  const { s } = props
  return (
    <ul class="signups">
      {s.signups.length === 0 && <li class="muted">{t('screen.noSignups')}</li>}
      {s.signups.map((u) => (
        <Row key={u.code} s={s} u={u} mayAct={props.mayAct} onChanged={props.onChanged} />
      ))}
    </ul>
  )
}

/** After an event is called off: who must hear of it, each one tap from a call (or told by SMS). */
export function CallListSheet(props: { s: ManagedScreening; onClose: () => void; onChanged: () => unknown }) {
  const owed = props.s.signups.filter((u) => u.tell)
  return (
    <Sheet title={t('screen.callTitle')} onClose={props.onClose} testid="call-list">
      <p class="sheet__lead">
        {owed.length > 0 ? t('screen.callLead', { n: owed.length }) : t('screen.callNone')}
      </p>
      <SignupList s={{ ...props.s, signups: owed }} mayAct onChanged={props.onChanged} />
      <div class="form-buttons">
        <button type="button" class="btn btn--primary" onClick={props.onClose}>
          {t('common.done')}
        </button>
      </div>
    </Sheet>
  )
}
