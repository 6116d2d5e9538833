import { useEffect } from 'preact/hooks'
import { TopBar } from '../lib/console-parts.js'
import { unacknowledged } from '../lib/manage-alerts.js'
import { connectManager, managerLink, openAlerts } from '../lib/manage-live.js'
import { beep } from '../lib/manage-sound.js'
import { stationZone } from '../lib/manage-time.js'
import { useSignal } from '../lib/signal.js'
import { connectHub, link, station } from '../lib/socket.js'
import { HelpBanner } from './components/help-banner.js'
import { TabBar } from './components/tab-bar.js'
import { lang, t } from './i18n.js'
import { route } from './route.js'
import { AlertsScreen } from './screens/alerts.js'
import { DevicesScreen } from './screens/devices.js'
import { LockersScreen } from './screens/lockers.js'
import { LoginScreen } from './screens/login.js'
import { NoticesScreen } from './screens/notices.js'
import { ScreeningsScreen } from './screens/screenings.js'
import { StatsScreen } from './screens/stats.js'
import { StockScreen } from './screens/stock.js'
import { checkSession, logout, user } from './session.js'

export function App() {
  useSignal(lang)
  const who = useSignal(user)
  if (who === undefined) return <p class="splash">{t('app.connecting')}</p>
  if (who === null) {
    document.title = t('app.title')
    return <LoginScreen />
  }
  return <Console />
}

function Console() {
  const who = useSignal(user)
  const { tab, sub } = useSignal(route)
  const badge = unacknowledged(useSignal(openAlerts))
  const info = useSignal(station)
  // Dates and times are shown on the station's clock: every screen re-renders once the zone is known.
  useSignal(stationZone)
  const managerState = useSignal(managerLink)
  const hubState = useSignal(link)
  const lost = managerState === 'disconnected' || hubState === 'disconnected'

  useEffect(() => {
    const closeHub = connectHub()
    const closeManager = connectManager({
      onNews: ({ alert, help }) => beep(Boolean(help) || alert?.severity === 'critical'),
      onRefused: () => void checkSession(),
    })
    return () => {
      closeManager()
      closeHub()
    }
  }, [])

  useEffect(() => {
    document.title = badge > 0 ? `(${badge}) ${t('app.title')}` : t('app.title')
  })

  return (
    <div class="console" data-manager-link={managerState}>
      <TopBar
        t={t}
        title={info?.name ?? t('app.title')}
        user={`${who?.name} · ${t(who?.role === 'manager' ? 'role.manager' : 'role.staff')}`}
        onLogout={() => void logout()}
      />
      {lost && (
        <div class="banner" role="status" data-testid="link-lost">
          {t('link.lost')}
        </div>
      )}
      <HelpBanner />
      <main class="screen">
        {tab === 'alerts' && <AlertsScreen history={sub === 'history'} />}
        {tab === 'devices' && <DevicesScreen deviceId={sub} />}
        {tab === 'stock' && <StockScreen />}
        {tab === 'lockers' && <LockersScreen />}
        {tab === 'screenings' && <ScreeningsScreen />}
        {tab === 'notices' && <NoticesScreen />}
        {tab === 'stats' && <StatsScreen />}
      </main>
      <TabBar current={tab} badge={badge} />
    </div>
  )
}
