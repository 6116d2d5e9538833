import { useSignal } from '../../lib/signal.js'
import { api } from '../api.js'
import { lang, t, when } from '../i18n.js'
import { me } from '../session.js'
import { useLoad } from '../use-load.js'

/** What was done from the district: who, what, which station, when (the administrator's). */
export function AuditScreen() {
  useSignal(lang)
  const who = useSignal(me)
  const log = useLoad(() => (who?.admin ? api.audit() : Promise.resolve([])), [who?.admin])
  if (!who?.admin) return <p class="muted">{t('audit.forbidden')}</p>
  return (
    <section>
      <div class="screen__bar">
        <h2 class="screen__title">{t('audit.title')}</h2>
      </div>
      {log.error && <p class="form-error">{log.error}</p>}
      {log.data?.length === 0 && <p class="muted">{t('audit.none')}</p>}
      <ul class="list" data-testid="audit">
        {log.data?.map((e) => (
          <li key={e.id} class="row row--stack audit">
            <span class="row__line">
              <strong>{e.actor}</strong> <code>{e.action}</code>
              <span class="muted">{when(e.at)}</span>
            </span>
            {e.stationId && <span class="muted">{t('audit.station', { id: e.stationId })}</span>}
            <span class="audit__detail mono">{JSON.stringify(e.detail)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
