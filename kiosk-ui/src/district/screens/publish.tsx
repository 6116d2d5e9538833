import { useState } from 'preact/hooks'
import { Field, FormError } from '../../lib/field.js'
import { useSignal } from '../../lib/signal.js'
import { api, clientId } from '../api.js'
import { lang, t, when } from '../i18n.js'
import { stations } from '../live.js'
import { CATEGORIES, emptyDraft, KINDS, type PublishDraft, publishBody } from '../publish-form.js'
import { useAction, useLoad } from '../use-load.js'

function Checks(props: {
  items: Array<[string, string]>
  chosen: string[]
  onChange: (next: string[]) => void
}) {
  return (
    <ul class="checks">
      {props.items.map(([value, label]) => (
        <li key={value}>
          <label class="check">
            <input
              type="checkbox"
              value={value}
              checked={props.chosen.includes(value)}
              onChange={(e) =>
                props.onChange(
                  e.currentTarget.checked
                    ? [...props.chosen, value]
                    : props.chosen.filter((v) => v !== value),
                )
              }
            />
            <span>{label}</span>
          </label>
        </li>
      ))}
    </ul>
  )
}

/** A notice, a free health screening or a job fair (春风行动招聘会) to whole streets or chosen stations. */
export function PublishScreen() {
  useSignal(lang)
  const all = [...useSignal(stations).values()]
  const [d, setD] = useState<PublishDraft>(emptyDraft)
  const [done, setDone] = useState<string | null>(null)
  const { busy, error, run } = useAction()
  const [problem, setProblem] = useState<string | null>(null)
  const history = useLoad(() => api.publications(), [])
  const set = (patch: Partial<PublishDraft>) => setD({ ...d, ...patch })
  const streets = [...new Set(all.map((s) => s.street))].sort()
  const submit = async (e: Event) => {
    e.preventDefault()
    setDone(null)
    const chosen = d.target === 'streets' ? d.streets : d.stations
    if (chosen.length === 0) return setProblem(t('publish.needTarget'))
    if (d.kind !== 'notice' && (!d.start || !d.end)) return setProblem(t('publish.needTimes'))
    setProblem(null)
    await run(async () => {
      const p = await api.publish(publishBody(d, clientId('d-pub')))
      setDone(t('publish.done', { n: p.commands.length }))
      setD(emptyDraft())
      await history.reload()
    })
  }
  const screening = d.kind !== 'notice'
  return (
    <section>
      <div class="screen__bar">
        <h2 class="screen__title">{t('publish.title')}</h2>
      </div>
      <form class="form card" onSubmit={submit} data-testid="publish">
        <fieldset class="segmented" aria-label={t('publish.kind')}>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              class={`segmented__item${d.kind === k ? ' segmented__item--on' : ''}`}
              aria-pressed={d.kind === k}
              onClick={() => set({ kind: k })}
              data-testid={`kind-${k}`}
            >
              {t(`publish.kind.${k}`)}
            </button>
          ))}
        </fieldset>
        <Field label={t('publish.heading')} hint={screening ? t('publish.headingHint') : undefined}>
          <input
            name="title"
            required
            maxLength={100}
            value={d.title}
            onInput={(e) => set({ title: e.currentTarget.value })}
          />
        </Field>
        {!screening && (
          <>
            <Field label={t('publish.body')}>
              <textarea
                name="body"
                rows={3}
                maxLength={2000}
                value={d.body}
                onInput={(e) => set({ body: e.currentTarget.value })}
              />
            </Field>
            <div class="field-row">
              <Field label={t('publish.category')}>
                <select
                  value={d.category}
                  onChange={(e) => set({ category: e.currentTarget.value as PublishDraft['category'] })}
                >
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`publish.category.${c}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('publish.until')}>
                <input type="date" value={d.until} onInput={(e) => set({ until: e.currentTarget.value })} />
              </Field>
            </div>
          </>
        )}
        {screening && (
          <>
            <Field label={t('publish.organiser')}>
              <input
                name="organiser"
                value={d.organiser}
                onInput={(e) => set({ organiser: e.currentTarget.value })}
              />
            </Field>
            <Field label={t('publish.place')}>
              <input name="place" value={d.place} onInput={(e) => set({ place: e.currentTarget.value })} />
            </Field>
            <div class="field-row">
              <Field label={t('publish.start')}>
                <input
                  name="start"
                  type="datetime-local"
                  value={d.start}
                  onInput={(e) => set({ start: e.currentTarget.value })}
                />
              </Field>
              <Field label={t('publish.end')}>
                <input
                  name="end"
                  type="datetime-local"
                  value={d.end}
                  onInput={(e) => set({ end: e.currentTarget.value })}
                />
              </Field>
            </div>
            <Field label={t('publish.capacity')}>
              <input
                name="capacity"
                type="number"
                min={1}
                max={10000}
                value={d.capacity}
                onInput={(e) => set({ capacity: Number(e.currentTarget.value) || 1 })}
              />
            </Field>
          </>
        )}
        <fieldset class="segmented" aria-label={t('publish.target')}>
          {(['streets', 'stations'] as const).map((k) => (
            <button
              key={k}
              type="button"
              class={`segmented__item${d.target === k ? ' segmented__item--on' : ''}`}
              aria-pressed={d.target === k}
              onClick={() => set({ target: k })}
              data-testid={`target-${k}`}
            >
              {t(`publish.target.${k}`)}
            </button>
          ))}
        </fieldset>
        {d.target === 'streets' ? (
          <Checks
            items={streets.map((s) => [s, s])}
            chosen={d.streets}
            onChange={(v) => set({ streets: v })}
          />
        ) : (
          <>
            <p class="muted">{t('publish.chosen', { n: d.stations.length })}</p>
            <Checks
              items={all.map((s) => [s.id, `${s.name} · ${s.street}`])}
              chosen={d.stations}
              onChange={(v) => set({ stations: v })}
            />
          </>
        )}
        <FormError text={problem ?? error} />
        {done && (
          <p class="notice-line" role="status" data-testid="published">
            {done}
          </p>
        )}
        <button type="submit" class="btn btn--primary btn--wide" disabled={busy} data-testid="publish-submit">
          {busy ? t('publish.busy') : t('publish.submit')}
        </button>
      </form>

      <h3 class="section">{t('publish.history')}</h3>
      {history.data?.length === 0 && <p class="muted">{t('publish.none')}</p>}
      <ul class="list">
        {history.data?.map((p) => (
          <li key={p.id} class="row row--stack">
            <span class="row__line">
              <span class="tag tag--category">{t(`publish.kind.${p.kind as PublishDraft['kind']}`)}</span>
              <strong>{p.title}</strong>
            </span>
            <span class="muted">
              {when(p.createdAt)} · {p.createdBy} ·{' '}
              {t('publish.reached', {
                ok: p.commands.filter((c) => c.state === 'ok').length,
                n: p.commands.length,
              })}
            </span>
            {p.signups && (
              <span class="muted">
                {t('publish.signups', { signups: p.signups.signups, places: p.signups.places })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
