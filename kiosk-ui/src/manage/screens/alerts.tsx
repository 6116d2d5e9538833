import { useState } from 'preact/hooks'
import { managerLink, openAlerts } from '../../lib/manage-live.js'
import type { Alert } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { AlertCard } from '../components/alert-card.js'
import { ResolveSheet } from '../components/resolve-sheet.js'
import { t } from '../i18n.js'
import { href } from '../route.js'
import { canAct, user } from '../session.js'
import { HistoryList } from './history.js'

/** The home tab: what needs someone now, most severe first; the last week's cleared ones one tap away. */
export function AlertsScreen({ history }: { history: boolean }) {
  return (
    <section aria-labelledby="alerts-h">
      <h2 id="alerts-h" class="visually-hidden">
        {t('tab.alerts')}
      </h2>
      <div class="segmented" role="tablist">
        <a
          class={`segmented__item${history ? '' : ' segmented__item--on'}`}
          href={href('alerts')}
          role="tab"
          aria-selected={!history}
        >
          {t('alerts.open')}
        </a>
        <a
          class={`segmented__item${history ? ' segmented__item--on' : ''}`}
          href={href('alerts', 'history')}
          role="tab"
          aria-selected={history}
          data-testid="history-tab"
        >
          {t('alerts.history')}
        </a>
      </div>
      {history ? <HistoryList /> : <OpenList />}
    </section>
  )
}

function OpenList() {
  const alerts = useSignal(openAlerts)
  const connected = useSignal(managerLink) === 'connected'
  const mayAct = canAct(useSignal(user))
  const [resolving, setResolving] = useState<Alert | null>(null)
  if (alerts.length === 0)
    return (
      <p class="all-clear" data-testid="all-clear">
        {connected ? t('alerts.none') : t('app.connecting')}
      </p>
    )
  return (
    <div class="list list--cards" data-testid="alerts">
      {!mayAct && <p class="muted">{t('role.readOnly')}</p>}
      {alerts.map((a) => (
        <AlertCard key={a.id} alert={a} canAct={mayAct} onResolve={setResolving} />
      ))}
      {resolving && <ResolveSheet alert={resolving} onClose={() => setResolving(null)} />}
    </div>
  )
}
