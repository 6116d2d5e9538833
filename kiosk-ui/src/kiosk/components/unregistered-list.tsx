import type { UnregisteredDevice } from '../../lib/types.js'
import { t } from '../i18n.js'
import { Ago } from './ago.js'

export function UnregisteredList({ items }: { items: readonly UnregisteredDevice[] }) {
  if (items.length === 0) return null
  return (
    <section class="unregistered" data-testid="unregistered">
      <h2>{t('unregistered.title')}</h2>
      <ul>
        {items.map((d) => (
          <li key={d.id} data-device-id={d.id}>
            <code>{d.id}</code>
            {d.guessedKind && <span>{t('unregistered.guess', { kind: t(`kind.${d.guessedKind}`) })}</span>}
            <span>{t('unregistered.messages', { n: d.messages })}</span>
            <Ago at={d.lastSeen} />
          </li>
        ))}
      </ul>
    </section>
  )
}
