import { useState } from 'preact/hooks'
import { lockerApi, type ManagedLocker, type Opened } from '../../lib/manage-lockers.js'
import { t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { Field, FormButtons, FormError } from './form.js'
import { Sheet } from './sheet.js'

const MAX_REASON = 200

function ReasonField(props: { value: string; placeholder: string; onInput: (v: string) => void }) {
  return (
    <Field label={t('lockers.reason')}>
      <textarea
        name="reason"
        rows={2}
        maxLength={MAX_REASON}
        value={props.value}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Field>
  )
}

/** Opening a locker from the console: a reason is required (recorded with who); optionally ends its rental. */
export function OpenSheet(props: {
  locker: ManagedLocker
  onClose: () => void
  onDone: (o: Opened) => void
}) {
  const { locker } = props
  const [reason, setReason] = useState('')
  const [endRental, setEndRental] = useState(false)
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const text = reason.trim()
    if (!text) return setError(t('lockers.reasonRequired'))
    let opened: Opened | null = null
    const ok = await run(async () => {
      opened = await lockerApi.open(locker.id, text, endRental)
    })
    if (ok && opened) props.onDone(opened)
  }
  return (
    <Sheet
      title={t('lockers.openTitle', { label: locker.label })}
      onClose={props.onClose}
      testid="open-sheet"
    >
      <form onSubmit={submit} class="form">
        <p class="sheet__lead">{t('lockers.openLead')}</p>
        <ReasonField value={reason} placeholder={t('lockers.openPlaceholder')} onInput={setReason} />
        {locker.rental?.stage === 'active' && (
          <label class="check">
            <input
              type="checkbox"
              name="endRental"
              checked={endRental}
              onChange={(e) => setEndRental(e.currentTarget.checked)}
            />
            <span>{t('lockers.endRental')}</span>
          </label>
        )}
        <FormError text={error} />
        <FormButtons busy={busy} label={t('lockers.open')} onCancel={props.onClose} />
      </form>
    </Sheet>
  )
}

/** Out of service or back, with a reason (recorded with who). */
export function ServiceSheet(props: { locker: ManagedLocker; onClose: () => void; onDone: () => void }) {
  const { locker } = props
  const back = !locker.inService
  const [reason, setReason] = useState('')
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const text = reason.trim()
    if (!text) return setError(t('lockers.reasonRequired'))
    if (await run(() => lockerApi.service(locker.id, back, text))) props.onDone()
  }
  return (
    <Sheet
      title={t(back ? 'lockers.backTitle' : 'lockers.outTitle', { label: locker.label })}
      onClose={props.onClose}
      testid="service-sheet"
    >
      <form onSubmit={submit} class="form">
        <ReasonField
          value={reason}
          placeholder={t(back ? 'lockers.backPlaceholder' : 'lockers.outPlaceholder')}
          onInput={setReason}
        />
        <FormError text={error} />
        <FormButtons
          busy={busy}
          label={t(back ? 'lockers.putBack' : 'lockers.takeOut')}
          onCancel={props.onClose}
        />
      </form>
    </Sheet>
  )
}
