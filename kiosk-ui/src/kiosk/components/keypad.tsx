import { t } from '../i18n.js'
import { Icon } from './icons.js'

interface KeypadProps {
  onDigit(digit: string): void
  onDelete(): void
  onClear(): void
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9']

/** The on-screen number pad for phone numbers and codes: big keys, no system keyboard. */
export function Keypad({ onDigit, onDelete, onClear }: KeypadProps) {
  return (
    <div class="keypad" data-testid="keypad">
      {DIGITS.map((d) => (
        <button key={d} type="button" class="keypad__key" data-key={d} onClick={() => onDigit(d)}>
          {d}
        </button>
      ))}
      <button type="button" class="keypad__key keypad__key--fn" data-key="clear" onClick={onClear}>
        {t('keypad.clear')}
      </button>
      <button type="button" class="keypad__key" data-key="0" onClick={() => onDigit('0')}>
        0
      </button>
      <button
        type="button"
        class="keypad__key keypad__key--fn"
        data-key="delete"
        aria-label={t('keypad.delete')}
        onClick={onDelete}
      >
        <Icon name="backspace" />
      </button>
    </div>
  )
}

interface FieldProps {
  label: string
  /** What to show: already masked or grouped by the caller. */
  text: string
  /** Typed but not final, shown after the text, underlined: pinyin waiting for its characters. */
  pending?: string
  placeholder: string
  invalid?: boolean
  testId: string
}

/**
 * What the keypad or keyboard typed, shown in an <output>: not an input element, so no system keyboard
 * ever opens, nothing can be focused or selected, and a screen reader hears each change.
 */
export function Field({ label, text, pending, placeholder, invalid, testId }: FieldProps) {
  return (
    <output class={`field${invalid ? ' field--invalid' : ''}`} aria-label={label} data-testid={testId}>
      {text || pending ? (
        <span class="field__text">
          {text}
          {pending && <span class="field__pending">{pending}</span>}
        </span>
      ) : (
        <span class="field__placeholder">{placeholder}</span>
      )}
    </output>
  )
}
