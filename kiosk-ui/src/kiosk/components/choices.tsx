import type { ComponentChildren } from 'preact'
import { Icon } from './icons.js'

/**
 * What a tile does when tapped: `radio`, one of a list (a platform, the event to cancel), with a round
 * mark; `check`, one of several that may all be on (purposes), with a square tick; `act`, at once (a
 * help reason, a medicine), with no mark.
 */
export type ChoiceKind = 'radio' | 'check' | 'act'

interface ChoiceProps {
  kind: ChoiceKind
  selected?: boolean
  onClick(): void
  children: ComponentChildren
  testId?: string
}

/** A large tile: the whole tile is the target. Screen readers hear a radio, a checkbox or a button. */
export function Choice({ kind, selected = false, onClick, children, testId }: ChoiceProps) {
  const cls = `choice choice--${kind}${selected ? ' choice--on' : ''}`
  const label = <span class="choice__label">{children}</span>
  if (kind === 'act')
    return (
      <button type="button" class={cls} onClick={onClick} data-testid={testId}>
        {label}
      </button>
    )
  const checked = selected ? 'true' : 'false'
  const box = (
    <span class="choice__box">
      {selected && (kind === 'radio' ? <span class="choice__dot" /> : <Icon name="check" />)}
    </span>
  )
  return kind === 'radio' ? (
    // biome-ignore lint/a11y/useSemanticElements: the kiosk has no form inputs; the tile is a button in the radio role
    <button
      type="button"
      role="radio"
      aria-checked={checked}
      class={cls}
      onClick={onClick}
      data-testid={testId}
    >
      {box}
      {label}
    </button>
  ) : (
    // biome-ignore lint/a11y/useSemanticElements: the kiosk has no form inputs; the tile is a button in the checkbox role
    <button
      type="button"
      role="checkbox"
      aria-checked={checked}
      class={cls}
      onClick={onClick}
      data-testid={testId}
    >
      {box}
      {label}
    </button>
  )
}

interface GridProps {
  label: string
  /** `radio`: one of them (a radiogroup); otherwise a group. */
  kind: ChoiceKind
  big?: boolean
  children: ComponentChildren
}

export function ChoiceGrid({ label, kind, big, children }: GridProps) {
  const cls = `choice-grid${big ? ' choice-grid--big' : ''}`
  return kind === 'radio' ? (
    <div class={cls} role="radiogroup" aria-label={label}>
      {children}
    </div>
  ) : (
    <fieldset class={cls} aria-label={label}>
      {children}
    </fieldset>
  )
}
