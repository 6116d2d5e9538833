import { useSignal } from '../../lib/signal.js'
import { unregistered } from '../../lib/socket.js'
import { type PlainKey, t } from '../i18n.js'
import { Ago } from './ago.js'

const kindKey: Record<string, PlainKey> = {
  temperature: 'kind.temperature',
  door: 'kind.door',
  stock: 'kind.stock',
}

/**
 * Devices that publish on the station's topics but are not in its config: nothing shows or alerts on them
 * until a manager adds them to `devices`. A technical detail for the manager, not for couriers.
 */
export function UnregisteredDevices() {
  const list = [...useSignal(unregistered).values()]
  if (list.length === 0) return null
  return (
    <section class="panel" data-testid="unregistered">
      <h3>{t('device.unregistered')}</h3>
      <p class="muted">{t('device.unregisteredHint')}</p>
      <ul class="list">
        {list.map((u) => (
          <li key={u.id} class="row row--stack">
            <strong class="mono">{u.id}</strong>
            <span class="muted">
              {u.guessedKind &&
                `${t('device.guess', { kind: t(kindKey[u.guessedKind] ?? 'kind.stock') })} · `}
              {t('device.messages', { n: u.messages })} · <Ago at={u.lastSeen} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
