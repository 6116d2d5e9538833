import { dismissHelp, helpCalls } from '../../lib/manage-live.js'
import type { HelpCall } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { type PlainKey, t } from '../i18n.js'
import { Ago } from './ago.js'
import { CallButton } from './alert-card.js'

const reasons: Record<HelpCall['reason'], PlainKey> = {
  unwell: 'help.unwell',
  injured: 'help.injured',
  'phone-dead': 'help.phoneDead',
  other: 'help.other',
}

/**
 * A courier asked for help at the kiosk: above everything, on every tab, with the number to call back,
 * until someone taps 知道了 or the help alert is resolved.
 */
export function HelpBanner() {
  const calls = useSignal(helpCalls)
  if (calls.length === 0) return null
  return (
    <section class="help" role="alert" data-testid="help">
      {calls.map((call) => (
        <div class="help__call" key={call.id}>
          <div class="help__text">
            <strong>{t('help.title')}</strong>
            <span>
              {t(reasons[call.reason] ?? 'help.other')}
              {call.phoneMasked && !call.phone ? ` · ${call.phoneMasked}` : ''} · <Ago at={call.at} />
            </span>
          </div>
          <button type="button" class="btn btn--light" onClick={() => dismissHelp(call.id)}>
            {t('help.dismiss')}
          </button>
          {call.phone && <CallButton phone={call.phone} testId="help-call" />}
        </div>
      ))}
    </section>
  )
}
