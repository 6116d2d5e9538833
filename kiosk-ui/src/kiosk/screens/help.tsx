import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { isValidPhone } from '../../lib/phone.js'
import { useSignal } from '../../lib/signal.js'
import type { HelpReason } from '../../lib/types.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, Frame, Prompt } from '../components/frame.js'
import { KeypadStep } from '../components/keypad-step.js'
import { kioskConfig } from '../data.js'
import { t } from '../i18n.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'

const REASONS: HelpReason[] = ['unwell', 'injured', 'phone-dead', 'other']

/** The station's own number (station.phone), when the config gives one: help that needs no screen. */
function StationPhone() {
  const phone = useSignal(kioskConfig)?.station.phone
  if (!phone) return null
  return (
    <p class="station-phone" data-testid="station-phone">
      {t('help.stationPhone', { phone })}
    </p>
  )
}

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
          {/* The four reasons are the screen's actions: they always fit, never scroll. */}
          <div class="help-reasons">
            <ChoiceGrid label={t('help.reasonPrompt')} kind="act" big>
              {REASONS.map((r) => (
                <Choice key={r} kind="act" onClick={() => choose(r)} testId={`reason-${r}`}>
                  {t(`help.${r}`)}
                </Choice>
              ))}
            </ChoiceGrid>
          </div>
          <div class="help-call">
            <p class="emergency" role="note">
              {t('help.emergency')}
            </p>
            <StationPhone />
          </div>
          <Actions onBack={() => go({ name: 'home' })} />
        </section>
      )}
      {step === 'phone' && reason && (
        <KeypadStep
          kind="phone"
          prompt={t(`help.${reason}`)}
          hint={t('help.phonePrompt')}
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
          <StationPhone />
        </Done>
      )}
    </Frame>
  )
}
