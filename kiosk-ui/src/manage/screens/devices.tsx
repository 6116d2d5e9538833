import { type Problem, problemsOf } from '../../lib/manage-device-state.js'
import { openAlerts } from '../../lib/manage-live.js'
import type { Alert } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { devices, station } from '../../lib/socket.js'
import type { DeviceState } from '../../lib/types.js'
import { Ago } from '../components/ago.js'
import { UnregisteredDevices } from '../components/unregistered.js'
import { type PlainKey, t } from '../i18n.js'
import { href } from '../route.js'
import { FridgeScreen } from './fridge.js'

/** The reading in words, with the unit. */
export function readingText(d: DeviceState): string {
  const r = d.reading
  if (typeof r?.temperature === 'number') return t('value.temperature', { v: r.temperature.toFixed(1) })
  if (typeof r?.contact === 'boolean') return t(r.contact ? 'device.closed' : 'device.opened')
  if (typeof r?.count === 'number') return t('value.count', { v: r.count })
  if (typeof r?.weight === 'number') return t('device.grams', { v: Math.round(r.weight) })
  return t('device.noReading')
}

const problemKey: Record<Exclude<Problem, 'batteryLow'>, PlainKey> = {
  offline: 'device.offline',
  tooWarm: 'device.tooWarm',
  tooCold: 'device.tooCold',
  open: 'device.open',
  stockLow: 'device.stockLow',
}

/** What is wrong with a device in words, most pressing first (its open alerts and its state now). */
export function problemText(d: DeviceState, alerts: readonly Alert[]): string[] {
  return problemsOf(d, alerts).map((p) =>
    p === 'batteryLow' ? t('device.batteryLow', { n: d.battery ?? '?' }) : t(problemKey[p]),
  )
}

export function DevicesScreen({ deviceId }: { deviceId: string | null }) {
  const all = useSignal(devices)
  const alerts = useSignal(openAlerts)
  const known = useSignal(station) !== null
  if (deviceId) return <FridgeScreen device={all.get(deviceId) ?? null} id={deviceId} />
  const list = [...all.values()]
  if (list.length === 0) return <p class="muted">{known ? t('device.none') : t('app.connecting')}</p>
  return (
    <>
      <ul class="list" data-testid="devices">
        {list.map((d) => {
          const problems = problemText(d, alerts)
          const body = (
            <>
              <span class="device__name">{d.name}</span>
              <span class={`device__reading${problems.length ? ' device__reading--bad' : ''}`}>
                {readingText(d)}
              </span>
              <span class="device__meta">
                {problems.length > 0 ? (
                  <span class="device__problem">{problems.join(' · ')}</span>
                ) : (
                  <span class="device__ok">{t('device.ok')}</span>
                )}
                {' · '}
                <Ago at={d.reading?.at ?? d.lastSeen} />
              </span>
              {d.rejected > 0 && (
                <span class="device__rejected" data-testid="rejected">
                  {t('device.rejected', { n: d.rejected, reason: d.lastError ?? '—' })}
                </span>
              )}
            </>
          )
          return (
            <li key={d.id} class="device" data-device-id={d.id}>
              {d.kind === 'temperature' ? (
                <a class="device__link" href={href('devices', d.id)}>
                  {body}
                  <span class="device__more">{t('device.chart')} ›</span>
                </a>
              ) : (
                <div class="device__link">{body}</div>
              )}
            </li>
          )
        })}
      </ul>
      <UnregisteredDevices />
    </>
  )
}
