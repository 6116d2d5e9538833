import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import { lockers, shutSince } from '../../lib/lockers.js'
import { useSignal } from '../../lib/signal.js'
import { t } from '../i18n.js'

interface LockerOpenProps {
  id: string
  label: string
  /** What to do now: 请放入手机并关门, 请取出物品并关门. */
  instruction: string
  /** The lockers' revision when the hub answered with the door open. */
  rev: number
  /** The door was seen shut after `rev`. */
  onShut(): void
  children?: ComponentChildren
}

/**
 * The locker that just opened: its number large, what to do, and (pushed live by the hub) a reminder while
 * the door stays open. Calls onShut once the hub sees it shut.
 */
export function LockerOpen({ id, label, instruction, rev, onShut, children }: LockerOpenProps) {
  const all = useSignal(lockers)
  const shut = shutSince(all, id, rev)
  const remind = all?.lockers.find((l) => l.id === id)?.remind === true
  useEffect(() => {
    if (shut) onShut()
  }, [shut])
  return (
    <section class="locker-open" data-testid="locker-open" data-locker={id} aria-live="polite">
      <p class="locker-open__number" data-testid="locker-number">
        {t('lockers.number', { label })}
      </p>
      <p class="locker-open__say">{instruction}</p>
      {children}
      {remind && (
        <p class="locker-open__remind" role="alert" data-testid="close-door">
          {t('rent.closeDoor')}
        </p>
      )}
    </section>
  )
}
