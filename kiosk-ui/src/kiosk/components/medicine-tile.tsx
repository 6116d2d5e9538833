import { useSignal } from '../../lib/signal.js'
import { devices } from '../../lib/socket.js'
import { stockItems } from '../../lib/stock.js'
import type { DeviceState, StockEntry } from '../../lib/types.js'
import { t } from '../i18n.js'
import { deviceName, itemName } from '../names.js'
import { go } from '../nav.js'
import { Icon } from './icons.js'
import { Tile, type Tone } from './tiles.js'

export function stockStatus(device: DeviceState): { text: string; tone: Tone } {
  const count = device.reading?.count
  if (!device.online) return { text: t('status.offline'), tone: 'off' }
  if (typeof count !== 'number') return { text: t('medicine.unknown'), tone: 'off' }
  return count > 0 ? { text: t('medicine.inStock'), tone: 'ok' } : { text: t('medicine.out'), tone: 'bad' }
}

/** "药箱·布洛芬" in the 药箱 tile reads as just "布洛芬". */
const sensorName = (name: string) => name.replace(/^药箱\s*[·・:：]\s*/, '')

function Row({
  name,
  tone,
  text,
  ...data
}: {
  name: string
  tone: Tone
  text: string
  [data: string]: string
}) {
  return (
    <li class="tile__row" {...data}>
      <span class="tile__name">{name}</span>
      <span class={`pill pill--${tone}`} data-testid="status">
        {text}
      </span>
    </li>
  )
}

const itemStatus = (item: StockEntry) =>
  item.inStock
    ? { text: t('medicine.inStock'), tone: 'ok' as const }
    : { text: t('medicine.out'), tone: 'bad' as const }

/**
 * The medicine box: its items (有货 / 缺货) and the way to say "I took some". A station with no items yet
 * shows its compartment sensors, as the tile did before items existed.
 */
export function MedicineTile() {
  const items = useSignal(stockItems)
  const sensors = [...useSignal(devices).values()].filter((d) => d.kind === 'stock')
  if (!items || items.size === 0)
    return (
      <Tile icon="medicine" title={t('tile.medicine')} testId="tile-medicine">
        {sensors.length === 0 && <p class="tile__empty">{t('medicine.none')}</p>}
        <ul class="tile__list tile__list--stock">
          {sensors.map((d) => (
            <Row key={d.id} name={sensorName(deviceName(d))} {...stockStatus(d)} data-tile-device={d.id} />
          ))}
        </ul>
      </Tile>
    )
  return (
    <Tile icon="medicine" title={t('tile.medicine')} testId="tile-medicine">
      <ul class="tile__list tile__list--stock">
        {[...items.values()].map((item) => (
          <Row key={item.id} name={itemName(item)} {...itemStatus(item)} data-stock-item={item.id} />
        ))}
      </ul>
      <button
        type="button"
        class="btn btn--outline tile__action"
        onClick={() => go({ name: 'medicine' })}
        data-testid="go-medicine"
      >
        <Icon name="medicine" />
        {t('medicine.took')}
      </button>
    </Tile>
  )
}
