import type { Choice, Lookup } from '../../lib/types.js'
import { pick, t } from '../i18n.js'
import { Icon } from './icons.js'

/** The labels of the ids still configured, in the configured order, joined as a list. */
export const choiceLabels = (all: readonly Choice[], ids: readonly string[]) =>
  all
    .filter((c) => ids.includes(c.id))
    .map(pick)
    .join(t('list.separator'))

export interface LastTime {
  platform: string
  purposes: string[]
}

/** Last time's platform and purposes, when they are all still offered: one tap checks in with them. */
export function lastTime(
  lookup: Lookup,
  platforms: readonly Choice[],
  purposes: readonly Choice[],
): LastTime | null {
  if (!lookup.known || !lookup.platform || lookup.purposes.length === 0) return null
  if (!platforms.some((p) => p.id === lookup.platform)) return null
  if (!lookup.purposes.every((id) => purposes.some((p) => p.id === id))) return null
  return { platform: lookup.platform, purposes: lookup.purposes }
}

interface SameAsLastProps {
  choice: LastTime
  platforms: readonly Choice[]
  purposes: readonly Choice[]
  busy: boolean
  onPick(): void
}

/** "和上次一样": a returning courier's check-in in one tap, saying what it will send. */
export function SameAsLast({ choice, platforms, purposes, busy, onPick }: SameAsLastProps) {
  return (
    <button type="button" class="same-as-last" disabled={busy} onClick={onPick} data-testid="same-as-last">
      <Icon name="check" class="same-as-last__icon" />
      <span class="same-as-last__text">
        <strong>{busy ? t('common.sending') : t('checkin.sameAsLast')}</strong>
        <span>
          {choiceLabels(platforms, [choice.platform])}
          {' · '}
          {choiceLabels(purposes, choice.purposes)}
        </span>
      </span>
    </button>
  )
}
