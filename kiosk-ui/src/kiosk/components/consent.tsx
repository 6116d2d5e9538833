import { t } from '../i18n.js'
import { Icon } from './icons.js'

/** The explicit tick before a sign-up: says what is kept, why, and for how long. Off until tapped. */
export function Consent({ checked, onToggle, days }: { checked: boolean; onToggle(): void; days: number }) {
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
        <span>{t('signup.consent', { days })}</span>
      </span>
    </button>
  )
}
