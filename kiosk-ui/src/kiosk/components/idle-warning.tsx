import { now } from '../../lib/now.js'
import { useSignal } from '../../lib/signal.js'
import { t } from '../i18n.js'
import { idleWarning } from '../nav.js'

/**
 * A few seconds before the idle reset: "still there?", with the seconds left and a big button. Any touch
 * keeps the screen (the idle timer hears it); the button is there so nobody has to guess that.
 */
export function IdleWarning() {
  const until = useSignal(idleWarning)
  // Re-rendered each second by the clock; the seconds are read now, not at the clock's last tick.
  useSignal(now)
  if (until === null) return null
  const left = Math.max(1, Math.ceil((until - Date.now()) / 1000))
  return (
    <div class="idle-warning" role="alertdialog" aria-modal="true" aria-labelledby="idle-warning-text">
      <div class="idle-warning__box" data-testid="idle-warning">
        <p class="idle-warning__text" id="idle-warning-text">
          {t('idle.warning', { n: left })}
        </p>
        <button type="button" class="btn btn--primary idle-warning__stay">
          {t('idle.stay')}
        </button>
      </div>
    </div>
  )
}
