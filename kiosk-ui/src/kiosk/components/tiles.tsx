import type { ComponentChildren } from 'preact'
import { now } from '../../lib/now.js'
import { useSignal } from '../../lib/signal.js'
import { devices, link } from '../../lib/socket.js'
import type { DeviceState } from '../../lib/types.js'
import { currentNotices, notices } from '../data.js'
import { knownKey, t } from '../i18n.js'
import { deviceName, noticeBody, noticeTitle } from '../names.js'
import { Icon, type IconName } from './icons.js'

export type Tone = 'ok' | 'bad' | 'off'

/** Where a temperature sits against the device's okRange: 正常, 温度偏高 or 温度偏低. */
export function fridgeStatus(device: DeviceState): { text: string; tone: Tone } {
  const temp = device.reading?.temperature
  if (!device.online) return { text: t('status.offline'), tone: 'off' }
  if (typeof temp !== 'number') return { text: t('reading.none'), tone: 'off' }
  const range = device.okRange ?? { min: null, max: null }
  if (range.max !== null && temp > range.max) return { text: t('fridge.tooWarm'), tone: 'bad' }
  if (range.min !== null && temp < range.min) return { text: t('fridge.tooCold'), tone: 'bad' }
  return { text: t('fridge.ok'), tone: 'ok' }
}

export function Tile({
  icon,
  title,
  testId,
  children,
}: {
  icon: IconName
  title: string
  testId: string
  children: ComponentChildren
}) {
  const stale = useSignal(link) === 'disconnected'
  return (
    <section class={`tile${stale ? ' tile--stale' : ''}`} data-testid={testId}>
      <h2 class="tile__title">
        <Icon name={icon} />
        {title}
      </h2>
      {children}
    </section>
  )
}

export function FridgeTile() {
  const fridges = [...useSignal(devices).values()].filter((d) => d.kind === 'temperature')
  return (
    <Tile icon="fridge" title={t('tile.fridge')} testId="tile-fridge">
      {fridges.length === 0 && <p class="tile__empty">{t('fridge.none')}</p>}
      <ul class="tile__list">
        {fridges.map((d) => {
          const status = fridgeStatus(d)
          const temp = d.reading?.temperature
          return (
            <li key={d.id} class="tile__row" data-tile-device={d.id}>
              <span class="tile__name">{deviceName(d)}</span>
              <span class="tile__value" data-testid="temperature">
                {typeof temp === 'number' ? t('reading.temperature', { value: temp.toFixed(1) }) : ''}
              </span>
              <span class={`pill pill--${status.tone}`} data-testid="status">
                {status.text}
              </span>
            </li>
          )
        })}
      </ul>
    </Tile>
  )
}

export function NoticesTile() {
  const all = useSignal(notices)
  const nowMs = useSignal(now)
  const shown = all ? currentNotices(all, nowMs) : null
  return (
    <Tile icon="notice" title={t('tile.notices')} testId="tile-notices">
      {shown === null && <p class="tile__empty">{t('common.loading')}</p>}
      {shown?.length === 0 && <p class="tile__empty">{t('notices.none')}</p>}
      <ul class="notices">
        {shown?.map((n) => (
          <li key={n.id} class="notice" data-notice-id={n.id}>
            <span class={`notice__tag notice__tag--${n.category}`}>
              {t(knownKey('notice.', n.category, 'notice.other'))}
            </span>
            <h3 class="notice__title">{noticeTitle(n)}</h3>
            {noticeBody(n) && <p class="notice__body">{noticeBody(n)}</p>}
          </li>
        ))}
      </ul>
    </Tile>
  )
}
