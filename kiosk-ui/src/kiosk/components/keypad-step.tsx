import type { ComponentChildren } from 'preact'
import { isWrongPhone, PHONE_LENGTH, phoneDisplay, pushDigit } from '../../lib/phone.js'
import { t } from '../i18n.js'
import { ErrorNote, Prompt } from './frame.js'
import { Field, Keypad } from './keypad.js'

interface KeypadStepProps {
  prompt: string
  hint?: string
  kind: 'phone' | 'code'
  value: string
  onChange(value: string): void
  /** Already worded (errorText), or null. */
  error?: string | null
  onRetry?: () => void
  /** Lines between the field and the buttons (a greeting, a note). */
  note?: ComponentChildren
  /** The step's buttons (an <Actions>). */
  children: ComponentChildren
  /** The field's label and placeholder, where a code is not a sign-up's (a locker's retrieval code). */
  label?: string
  placeholder?: string
}

export const CODE_LENGTH = 6

/** Typing a phone number or a code: prompt, field and buttons beside (landscape) or above (portrait) the pad. */
export function KeypadStep(props: KeypadStepProps) {
  const { kind, value, onChange } = props
  const max = kind === 'phone' ? PHONE_LENGTH : CODE_LENGTH
  const wrong = kind === 'phone' && isWrongPhone(value)
  const text = kind === 'phone' ? phoneDisplay(value) : value.split('').join(' ')
  return (
    <section class="pad-step">
      <div class="pad-step__main">
        <Prompt text={props.prompt} hint={props.hint} />
        <Field
          label={props.label ?? (kind === 'phone' ? t('phone.label') : t('signup.code'))}
          text={text}
          placeholder={
            props.placeholder ?? (kind === 'phone' ? t('phone.placeholder') : t('cancel.codePlaceholder'))
          }
          invalid={wrong}
          testId={kind === 'phone' ? 'phone-field' : 'code-field'}
        />
        {wrong && <p class="field-note field-note--bad">{t('phone.wrong')}</p>}
        {props.note}
        <ErrorNote text={props.error ?? null} onRetry={props.onRetry} />
        {props.children}
      </div>
      <Keypad
        onDigit={(d) => onChange(pushDigit(value, d, max))}
        onDelete={() => onChange(value.slice(0, -1))}
        onClear={() => onChange('')}
      />
    </section>
  )
}
