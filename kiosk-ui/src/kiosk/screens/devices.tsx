import { useSignal } from '../../lib/signal.js'
import { devices, link, station } from '../../lib/socket.js'
import { DeviceCard } from '../components/device-card.js'
import { Frame } from '../components/frame.js'
import { ScrollArea } from '../components/scroll-area.js'
import { t } from '../i18n.js'

/**
 * Every device's live state: readings (a warning colour where the home tiles warn), online, battery. What
 * only a manager can act on (rejected messages, unregistered devices) is on the console instead.
 */
export function DevicesScreen() {
  const info = useSignal(station)
  const all = [...useSignal(devices).values()]
  const stale = useSignal(link) === 'disconnected'
  return (
    <Frame screen="devices" title={t('devices.title')}>
      <ScrollArea label={t('devices.title')}>
        <section class={`devices${stale ? ' devices--stale' : ''}`}>
          {info === null ? (
            <p class="devices__empty">{t('app.connecting')}</p>
          ) : all.length === 0 ? (
            <p class="devices__empty">{t('devices.none')}</p>
          ) : (
            all.map((device) => <DeviceCard key={device.id} device={device} />)
          )}
        </section>
      </ScrollArea>
    </Frame>
  )
}
