import { isValidPhone } from '../../lib/phone.js'
import { t } from '../i18n.js'
import { Actions } from './frame.js'
import { KeypadStep } from './keypad-step.js'

interface LockerPhoneStepProps {
  prompt: string
  hint?: string
  phone: string
  onChange: (phone: string) => void
  error: string | null
  busy: boolean
  onBack: () => void
  /** Opens the locker for this number (a rental, or collecting one). */
  onOpen: () => void
}

/** The phone number that rents a charging locker, or opens it again: the keypad, then 开柜. */
export function LockerPhoneStep(props: LockerPhoneStepProps) {
  return (
    <KeypadStep
      kind="phone"
      prompt={props.prompt}
      hint={props.hint}
      value={props.phone}
      onChange={props.onChange}
      error={props.error}
    >
      <Actions onBack={props.onBack}>
        <button
          type="button"
          class="btn btn--primary btn--wide"
          disabled={!isValidPhone(props.phone) || props.busy}
          onClick={props.onOpen}
          data-testid="open-locker"
        >
          {props.busy ? t('rent.opening') : t('rent.open')}
        </button>
      </Actions>
    </KeypadStep>
  )
}
