import type { DeviceState } from '../../lib/types.js'
import { readingText } from '../format.js'
import { t } from '../i18n.js'
import { deviceName } from '../names.js'
import { Ago } from './ago.js'
import { KindIcon } from './kind-icon.js'

/**
 * What a courier should notice about a reading, as the home tiles say it: a fridge out of its range, a
 * compartment empty (the hub's alerts start from the same facts). null when it is fine.
 */
function readingWarning(d: DeviceState): 'fridge.tooWarm' | 'fridge.tooCold' | 'medicine.out' | null {
  const temp = d.reading?.temperature
  if (typeof temp === 'number' && d.okRange) {
    if (d.okRange.max !== null && temp > d.okRange.max) return 'fridge.tooWarm'
    if (d.okRange.min !== null && temp < d.okRange.min) return 'fridge.tooCold'
  }
  if (d.kind === 'stock' && d.reading?.count === 0) return 'medicine.out'
  return null
}

export function DeviceCard({ device }: { device: DeviceState }) {
  const reading = readingText(device)
  const doorOpen = device.kind === 'door' && device.reading?.contact === false
  const warning = readingWarning(device)
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
      <p class={`card__reading${doorOpen || warning ? ' card__reading--alert' : ''}`}>
        <span data-testid="reading">{reading.main}</span>
        {reading.extra && <span class="card__extra">{reading.extra}</span>}
        {warning && (
          <span class="card__warning" data-testid="reading-state">
            {t(warning)}
          </span>
        )}
      </p>
      <Ago class="card__ago" at={device.reading?.at ?? device.lastSeen} />
      {device.batteryLow && (
        <footer class="card__notes">
          {device.batteryLow && (
            <span class="battery-low" data-testid="battery-low">
              {device.battery == null
                ? t('battery.low')
                : t('battery.lowPercent', { percent: device.battery })}
            </span>
          )}
        </footer>
      )}
    </article>
  )
}
