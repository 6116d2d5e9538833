import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { t } from '../../lib/i18n.js'
import { isValidPhone } from '../../lib/phone.js'
import type { HelpReason } from '../../lib/types.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, Frame, Prompt } from '../components/frame.js'
import { KeypadStep } from '../components/keypad-step.js'
import { kioskConfig } from '../data.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'

const REASONS: HelpReason[] = ['unwell', 'injured', 'phone-dead', 'other']

/** Help: a reason, a phone number if they like, send. Two taps at the least. */
export function HelpScreen() {
  const [step, setStep] = useState<'reason' | 'phone' | 'done'>('reason')
  const [reason, setReason] = useState<HelpReason | null>(null)
  const [phone, setPhone] = useState('')
  const send = useSubmit(api.help, () => setStep('done'))
  const choose = (r: HelpReason) => {
    setReason(r)
    setStep('phone')
  }

  return (
    <Frame screen="help" title={t('help.title')}>
      {step === 'reason' && (
        <section class="step">
          <Prompt text={t('help.reasonPrompt')} />
          <ChoiceGrid label={t('help.reasonPrompt')} big>
            {REASONS.map((r) => (
              <Choice key={r} act selected={reason === r} onClick={() => choose(r)} testId={`reason-${r}`}>
                {t(`help.${r}`)}
              </Choice>
            ))}
          </ChoiceGrid>
          <p class="emergency" role="note">
            {t('help.emergency')}
          </p>
          <Actions onBack={() => go({ name: 'home' })} />
        </section>
      )}
      {step === 'phone' && reason && (
        <KeypadStep
          kind="phone"
          prompt={t(`help.${reason}`)}
          hint={t('help.phonePrompt', { minutes: kioskConfig.value?.helpContactMinutes ?? 60 })}
          value={phone}
          onChange={setPhone}
          error={send.error && errorText(send.error)}
        >
          <Actions onBack={() => setStep('reason')}>
            <button
              type="button"
              class="btn btn--outline"
              disabled={send.busy}
              onClick={() => send.run(reason)}
              data-testid="send-without-phone"
            >
              {t('help.sendWithoutPhone')}
            </button>
            <button
              type="button"
              class="btn btn--help"
              disabled={!isValidPhone(phone) || send.busy}
              onClick={() => send.run(reason, phone)}
              data-testid="send-help"
            >
              {send.busy ? t('common.sending') : t('help.send')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'done' && (
        <Done title={t('help.done')} testId="help-done">
          <p class="done__line done__line--muted">{t('help.emergency')}</p>
        </Done>
      )}
    </Frame>
  )
}
