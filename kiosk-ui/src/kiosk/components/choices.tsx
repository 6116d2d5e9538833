import type { ComponentChildren } from 'preact'
import { Icon } from './icons.js'

interface ChoiceProps {
  selected?: boolean
  onClick(): void
  children: ComponentChildren
  /** A tile that acts at once when tapped (a help reason), rather than a toggle with a tick. */
  act?: boolean
  testId?: string
}

/**
 * A large tile: the whole tile is the target. As a toggle (a platform, a purpose) it is a pressed/unpressed
 * button with a tick; the step decides whether one or several may be on.
 */
export function Choice({ selected = false, onClick, children, act, testId }: ChoiceProps) {
  return (
    <button
      type="button"
      aria-pressed={act ? undefined : selected ? 'true' : 'false'}
      class={`choice${selected ? ' choice--on' : ''}${act ? ' choice--act' : ''}`}
      onClick={onClick}
      data-testid={testId}
    >
      {!act && <span class="choice__box">{selected && <Icon name="check" />}</span>}
      <span class="choice__label">{children}</span>
    </button>
  )
}

interface GridProps {
  label: string
  big?: boolean
  children: ComponentChildren
}

export function ChoiceGrid({ label, big, children }: GridProps) {
  return (
    <fieldset class={`choice-grid${big ? ' choice-grid--big' : ''}`} aria-label={label}>
      {children}
    </fieldset>
  )
}
