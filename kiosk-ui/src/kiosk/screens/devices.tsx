import { useSignal } from '../../lib/signal.js'
import { devices, link, station, unregistered } from '../../lib/socket.js'
import { DeviceCard } from '../components/device-card.js'
import { Frame } from '../components/frame.js'
import { ScrollArea } from '../components/scroll-area.js'
import { UnregisteredList } from '../components/unregistered-list.js'
import { t } from '../i18n.js'

/** Every device's live state, as the hub promised: readings, online, battery, rejected messages. */
export function DevicesScreen() {
  const info = useSignal(station)
  const all = [...useSignal(devices).values()]
  const unknown = [...useSignal(unregistered).values()]
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
        <UnregisteredList items={unknown} />
      </ScrollArea>
    </Frame>
  )
}
