import { t } from '../i18n.js'
import { Icon } from './icons.js'

/** The explicit tick before a sign-up: says what is kept, why, and for how long. Off until tapped. */
export function Consent(props: { checked: boolean; onToggle(): void; days: number; sms: boolean }) {
  const { checked, onToggle, days } = props
  return (
    <button
      type="button"
      aria-pressed={checked ? 'true' : 'false'}
      class={`consent${checked ? ' consent--on' : ''}`}
      onClick={onToggle}
      data-testid="consent"
    >
      <span class="consent__box">{checked && <Icon name="check" />}</span>
      <span class="consent__text">
        <strong>{t('signup.agree')}</strong>
        <span>{t(props.sms ? 'signup.consentSms' : 'signup.consent', { days })}</span>
      </span>
    </button>
  )
}
