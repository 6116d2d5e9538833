import { type LockerKind, lockers } from '../../lib/lockers.js'
import { useSignal } from '../../lib/signal.js'
import { t } from '../i18n.js'
import { go } from '../nav.js'
import { Icon } from './icons.js'
import { Tile } from './tiles.js'

const KINDS: LockerKind[] = ['phone', 'battery']

/**
 * The charging lockers, live: how many of each kind are free (each a way in to rent one), the way to
 * collect, and any door left open or rental past its time. Hidden at a station without lockers.
 */
export function LockersTile() {
  const all = useSignal(lockers)
  if (!all) return null
  const kinds = KINDS.filter((k) => all.lockers.some((l) => l.kind === k))
  const hours = Math.round((all.timeLimitMin / 60) * 10) / 10
  const notes = [
    ...all.lockers.filter((l) => l.remind).map((l) => t('lockers.doorOpen', { label: l.label })),
    ...all.lockers.filter((l) => l.overdue).map((l) => t('lockers.overdue', { label: l.label, hours })),
  ]
  return (
    <Tile icon="locker" title={t('tile.lockers')} testId="tile-lockers">
      <div class="lockers-tile">
        {kinds.map((kind) => {
          const free = all.free[kind]
          return (
            <button
              key={kind}
              type="button"
              class="btn btn--outline lockers-tile__rent"
              disabled={free === 0}
              onClick={() => go({ name: 'locker-rent', kind })}
              data-testid={`rent-${kind}`}
            >
              <span>{t(kind === 'phone' ? 'lockers.phone' : 'lockers.battery')}</span>
              <span class={`pill pill--${free > 0 ? 'ok' : 'off'}`} data-testid={`free-${kind}`}>
                {free > 0 ? t('lockers.free', { n: free }) : t('lockers.full')}
              </span>
            </button>
          )
        })}
        <button
          type="button"
          class="btn btn--outline lockers-tile__collect"
          onClick={() => go({ name: 'locker-collect' })}
          data-testid="go-collect"
        >
          <Icon name="locker" />
          {t('lockers.collect')}
        </button>
      </div>
      {notes.length > 0 && (
        <ul class="lockers-tile__notes" role="status" data-testid="locker-notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </Tile>
  )
}
