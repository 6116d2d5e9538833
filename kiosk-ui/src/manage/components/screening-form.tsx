import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { fromWall, stationZone, toWall } from '../../lib/manage-time.js'
import type { ManagedScreening, ScreeningInput } from '../../lib/manage-types.js'
import { t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { Field, FormButtons, FormError } from './form.js'
import { Sheet } from './sheet.js'

/** Says whose clock the times are on, when the phone's differs from the station's. */
function zoneHint(): string | undefined {
  const phone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return phone === stationZone.value ? undefined : t('screen.stationClock', { zone: stationZone.value })
}

/** ISO → the value of an <input type="datetime-local">, on the station's clock (not the phone's). */
export function toLocalInput(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? '' : toWall(ms)
}

/** A datetime-local value (the station's wall time) → ISO, or null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  const ms = fromWall(value)
  return ms === null ? null : new Date(ms).toISOString()
}

export function ScreeningSheet(props: {
  screening: ManagedScreening | null
  onClose: () => void
  onSaved: () => unknown
}) {
  const s = props.screening
  const [f, setF] = useState({
    title: s?.title ?? '',
    organiser: s?.organiser ?? '',
    place: s?.place ?? '',
    start: s ? toLocalInput(s.start) : '',
    end: s ? toLocalInput(s.end) : '',
    capacity: String(s?.capacity ?? 20),
  })
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value })
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const start = fromLocalInput(f.start)
    const end = fromLocalInput(f.end)
    const capacity = Number(f.capacity)
    if (!f.title.trim() || !f.organiser.trim() || !f.place.trim() || !start || !end)
      return setError(t('common.fillAll'))
    if (end <= start) return setError(t('screen.endBeforeStart'))
    if (Date.parse(end) <= Date.now()) return setError(t('screen.endPast'))
    if (!Number.isInteger(capacity) || capacity < 1) return setError(t('screen.capacityBad'))
    const body: ScreeningInput = {
      title: f.title.trim(),
      organiser: f.organiser.trim(),
      place: f.place.trim(),
      start,
      end,
      capacity,
    }
    if (await run(() => (s ? api.editScreening(s.id, body) : api.addScreening(body)))) {
      await props.onSaved()
      props.onClose()
    }
  }
  return (
    <Sheet
      title={s ? t('screen.editTitle') : t('screen.add')}
      onClose={props.onClose}
      testid="screening-sheet"
    >
      <form class="form" onSubmit={submit}>
        <Field label={t('screen.titleLabel')}>
          <input
            name="title"
            value={f.title}
            placeholder={t('screen.titlePlaceholder')}
            onInput={set('title')}
          />
        </Field>
        <Field label={t('screen.organiser')}>
          <input name="organiser" value={f.organiser} onInput={set('organiser')} />
        </Field>
        <Field label={t('screen.place')}>
          <input name="place" value={f.place} onInput={set('place')} />
        </Field>
        <Field label={t('screen.start')} hint={zoneHint()}>
          <input name="start" type="datetime-local" value={f.start} onInput={set('start')} />
        </Field>
        <Field label={t('screen.end')}>
          <input name="end" type="datetime-local" value={f.end} onInput={set('end')} />
        </Field>
        <Field label={t('screen.capacity')} hint={s ? t('screen.capacityHint') : undefined}>
          <input name="capacity" inputMode="numeric" value={f.capacity} onInput={set('capacity')} />
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('common.save')} onCancel={props.onClose} />
      </form>
    </Sheet>
  )
}
