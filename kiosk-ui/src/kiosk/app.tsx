import { lang, t, toggleLang } from '../lib/i18n.js'
import { useSignal } from '../lib/signal.js'
import { devices, link, station, unregistered } from '../lib/socket.js'
import { ConnectionBanner } from './connection-banner.js'
import { DeviceCard } from './device-card.js'
import { UnregisteredList } from './unregistered-list.js'

export function App() {
  // Reading the language here re-renders the whole tree, and so every string, on a switch.
  useSignal(lang)
  const info = useSignal(station)
  const all = [...useSignal(devices).values()]
  const unknown = [...useSignal(unregistered).values()]
  const stale = useSignal(link) === 'disconnected'
  return (
    <div class="kiosk">
      <header class="topbar">
        <h1 class="topbar__name" data-testid="station-name">
          {info?.name ?? t('app.title')}
        </h1>
        <button type="button" class="lang-switch" aria-label={t('lang.switchLabel')} onClick={toggleLang}>
          {t('lang.switch')}
        </button>
      </header>
      <ConnectionBanner />
      <main class={`devices${stale ? ' devices--stale' : ''}`} aria-label={t('devices.label')}>
        {info === null ? (
          <p class="devices__empty">{t('app.connecting')}</p>
        ) : all.length === 0 ? (
          <p class="devices__empty">{t('devices.none')}</p>
        ) : (
          all.map((device) => <DeviceCard key={device.id} device={device} />)
        )}
      </main>
      <UnregisteredList items={unknown} />
    </div>
  )
}
