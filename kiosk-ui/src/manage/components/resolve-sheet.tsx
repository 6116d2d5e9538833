import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { applyEvent } from '../../lib/manage-live.js'
import type { Alert } from '../../lib/manage-types.js'
import { pick, t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { detailLine } from './alert-card.js'
import { Field, FormButtons, FormError } from './form.js'
import { Sheet } from './sheet.js'

const MAX_NOTE = 500

/** Resolving needs a note: what was found and done, for the next person and for the cold-chain record. */
export function ResolveSheet({ alert, onClose }: { alert: Alert; onClose: () => void }) {
  const [note, setNote] = useState('')
  const title = pick(alert.title)
  // What the card says, in one line: a help alert's subject is its reason code, never shown as such.
  const lead = [title, detailLine(alert, title)].filter(Boolean).join(' · ')
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const text = note.trim()
    if (!text) {
      setError(t('resolve.noteRequired'))
      return
    }
    const ok = await run(async () => {
      applyEvent({ event: 'cleared', alert: await api.resolve(alert.id, text) })
    })
    if (ok) onClose()
  }
  return (
    <Sheet title={t('resolve.title')} onClose={onClose} testid="resolve-sheet">
      <form onSubmit={submit} class="form">
        <p class="sheet__lead">{lead}</p>
        <Field label={t('resolve.note')} hint={t('resolve.hint', { n: MAX_NOTE - note.length })}>
          <textarea
            name="note"
            rows={3}
            maxLength={MAX_NOTE}
            value={note}
            placeholder={t('resolve.placeholder')}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('resolve.submit')} onCancel={onClose} />
      </form>
    </Sheet>
  )
}
