import type { DeviceState } from '../../lib/types.js'
import { readingText } from '../format.js'
import { t } from '../i18n.js'
import { deviceName } from '../names.js'
import { Ago } from './ago.js'
import { KindIcon } from './kind-icon.js'

export function DeviceCard({ device }: { device: DeviceState }) {
  const reading = readingText(device)
  const doorOpen = device.kind === 'door' && device.reading?.contact === false
  return (
    <article
      class={`card${device.online ? '' : ' card--offline'}`}
      data-device-id={device.id}
      data-kind={device.kind}
    >
      <header class="card__head">
        <KindIcon kind={device.kind} />
        <h2 class="card__name">{deviceName(device)}</h2>
        <span class={`badge ${device.online ? 'badge--online' : 'badge--offline'}`}>
          {t(device.online ? 'status.online' : 'status.offline')}
        </span>
      </header>
      <p class={`card__reading${doorOpen ? ' card__reading--alert' : ''}`}>
        <span data-testid="reading">{reading.main}</span>
        {reading.extra && <span class="card__extra">{reading.extra}</span>}
      </p>
      <Ago class="card__ago" at={device.reading?.at ?? device.lastSeen} />
      {(device.batteryLow || device.rejected > 0) && (
        <footer class="card__notes">
          {device.batteryLow && (
            <span class="battery-low" data-testid="battery-low">
              {device.battery == null
                ? t('battery.low')
                : t('battery.lowPercent', { percent: device.battery })}
            </span>
          )}
          {device.rejected > 0 && (
            <span class="rejected" data-testid="rejected">
              {t('rejected.count', { n: device.rejected })}
            </span>
          )}
        </footer>
      )}
    </article>
  )
}
