import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { dayEndOf, stationDay } from '../../lib/manage-time.js'
import type { Notice, NoticeCategory, NoticeInput } from '../../lib/manage-types.js'
import { type PlainKey, t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { Field, FormButtons, FormError } from './form.js'
import { Sheet } from './sheet.js'

export const categoryKey: Record<NoticeCategory, PlainKey> = {
  jobs: 'notice.cat.jobs',
  legal: 'notice.cat.legal',
  insurance: 'notice.cat.insurance',
  health: 'notice.cat.health',
  other: 'notice.cat.other',
}

const CATEGORIES = Object.keys(categoryKey) as NoticeCategory[]

/** The last day shown (a date, as a person says it) → the end of that day at the station. */
export function endOfDay(date: string): string | null {
  const end = date ? dayEndOf(date) : null
  return end === null ? null : new Date(end).toISOString()
}

export function NoticeSheet(props: { notice: Notice | null; onClose: () => void; onSaved: () => unknown }) {
  const n = props.notice
  const [f, setF] = useState({
    category: n?.category ?? ('jobs' as NoticeCategory),
    title: n?.title ?? '',
    body: n?.body ?? '',
    until: n?.until ? stationDay(Date.parse(n.until)) : '',
  })
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value })
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!f.title.trim() || !f.body.trim()) return setError(t('common.fillAll'))
    const body: NoticeInput = { category: f.category, title: f.title.trim(), body: f.body.trim() }
    // A new notice without an end leaves `until` out (optional); an edit sends null to take an end away.
    const until = endOfDay(f.until)
    if (until || n) body.until = until
    if (await run(() => (n ? api.editNotice(n.id, body) : api.addNotice(body)))) {
      await props.onSaved()
      props.onClose()
    }
  }
  return (
    <Sheet title={n ? t('notice.editTitle') : t('notice.add')} onClose={props.onClose} testid="notice-sheet">
      <form class="form" onSubmit={submit}>
        <Field label={t('notice.category')}>
          <select name="category" value={f.category} onChange={set('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(categoryKey[c])}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('notice.titleLabel')}>
          <input name="title" maxLength={60} value={f.title} onInput={set('title')} />
        </Field>
        <Field label={t('notice.body')}>
          <textarea name="body" rows={4} maxLength={500} value={f.body} onInput={set('body')} />
        </Field>
        <Field label={t('notice.untilLabel')} hint={t('notice.untilHint')}>
          <input name="until" type="date" value={f.until} onInput={set('until')} />
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('common.save')} onCancel={props.onClose} />
      </form>
    </Sheet>
  )
}
