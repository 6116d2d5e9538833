import { useEffect } from 'preact/hooks'
import { TopBar } from '../lib/console-parts.js'
import { beep } from '../lib/manage-sound.js'
import { useSignal } from '../lib/signal.js'
import { Nav } from './components/nav.js'
import { announce, NewsBanner } from './components/news.js'
import { lang, t } from './i18n.js'
import { alertsByStation, connectDistrict, districtLink } from './live.js'
import { route } from './route.js'
import { AlertsScreen } from './screens/alerts.js'
import { AuditScreen } from './screens/audit.js'
import { LoginScreen } from './screens/login.js'
import { OverviewScreen } from './screens/overview.js'
import { PublishScreen } from './screens/publish.js'
import { StationScreen } from './screens/station.js'
import { checkSession, logout, me } from './session.js'
import type { Me } from './types.js'

export function App() {
  useSignal(lang)
  const who = useSignal(me)
  if (who === undefined) return <p class="splash">{t('app.connecting')}</p>
  if (who === null) {
    document.title = t('app.title')
    return <LoginScreen />
  }
  return <District who={who} />
}

const roleText = (who: Me) =>
  who.admin ? t('role.admin') : t(who.user.role === 'manager' ? 'role.manager' : 'role.staff')

function scopeText(who: Me): string {
  const s = who.scope
  if (s.level === 'district') return who.district.name || t('scope.district')
  if (s.level === 'street') return s.street
  if (s.level === 'community') return `${s.street} · ${s.community}`
  return t('scope.none')
}

function District({ who }: { who: Me }) {
  const { tab, station } = useSignal(route)
  const link = useSignal(districtLink)
  const critical = [...useSignal(alertsByStation).values()]
    .flat()
    .filter((a) => a.severity === 'critical').length

  useEffect(
    () =>
      connectDistrict({
        onNews: (news) => {
          announce(news)
          // A short sound for a critical alert, as the station's console makes (lib/manage-sound.ts).
          if (news.critical) beep(true)
        },
        onRefused: () => void checkSession(),
      }),
    [],
  )
  useEffect(() => {
    document.title = critical > 0 ? `(${critical}) ${t('app.title')}` : t('app.title')
  })

  return (
    <div class="console district">
      <TopBar
        t={t}
        title={t('app.title')}
        user={`${who.user.name} · ${roleText(who)} · ${scopeText(who)}`}
        onLogout={() => void logout()}
      />
      {link === 'disconnected' && (
        <div class="banner" role="status" data-testid="link-lost">
          {t('link.lost')}
        </div>
      )}
      <NewsBanner />
      <main class="screen">
        {station ? <StationScreen id={station} /> : tab === 'overview' && <OverviewScreen />}
        {tab === 'alerts' && <AlertsScreen />}
        {tab === 'publish' && <PublishScreen />}
        {tab === 'audit' && <AuditScreen />}
      </main>
      <Nav current={tab} admin={who.admin} critical={critical} />
    </div>
  )
}
