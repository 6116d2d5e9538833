import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { isValidPhone, maskPhone } from '../../lib/phone.js'
import { useSignal } from '../../lib/signal.js'
import type { Screening, SignupResult } from '../../lib/types.js'
import { Consent } from '../components/consent.js'
import { Done } from '../components/done.js'
import { Actions, ErrorNote, Frame, Prompt } from '../components/frame.js'
import { KeypadStep } from '../components/keypad-step.js'
import { NameStep } from '../components/name-step.js'
import { modeFor } from '../components/pinyin-keyboard.js'
import { ScrollArea } from '../components/scroll-area.js'
import { kioskConfig } from '../data.js'
import { lang, t } from '../i18n.js'
import { emptyEntry, nameText } from '../name-entry.js'
import { screeningPlace, screeningTitle } from '../names.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'
import { whenText } from '../when.js'

type Step = 'name' | 'phone' | 'review' | 'done'

/** Long enough to write a 6-digit code down, whatever confirmReturnSec says. */
const CODE_SCREEN_MIN_SEC = 30

/** Sign-up for one screening: name (pinyin keyboard) → phone (keypad) → consent and submit → code. */
export function SignupScreen({ screening }: { screening: Screening }) {
  const config = useSignal(kioskConfig)
  const [step, setStep] = useState<Step>('name')
  const [entry, setEntry] = useState(() => emptyEntry(modeFor(lang.value)))
  const [phone, setPhone] = useState('')
  const [agreed, setAgreed] = useState(false)
  const [result, setResult] = useState<SignupResult | null>(null)
  const full = screening.seatsLeft <= 0
  const send = useSubmit(api.signup, (r) => {
    setResult(r)
    setStep('done')
  })
  const trimmed = nameText(entry).trim()

  return (
    <Frame screen="signup" title={t('signup.title')}>
      {step === 'name' && (
        <NameStep
          prompt={t('signup.namePrompt')}
          entry={entry}
          update={setEntry}
          onBack={() => go({ name: 'screenings' })}
          forward={(ready) => (
            <button type="button" class="btn btn--primary" disabled={!ready} onClick={() => setStep('phone')}>
              {t('nav.next')}
            </button>
          )}
        />
      )}
      {step === 'phone' && (
        <KeypadStep kind="phone" prompt={t('signup.phonePrompt')} value={phone} onChange={setPhone}>
          <Actions onBack={() => setStep('name')}>
            <button
              type="button"
              class="btn btn--primary"
              disabled={!isValidPhone(phone)}
              onClick={() => setStep('review')}
            >
              {t('nav.next')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'review' && (
        <section class="step">
          <Prompt text={t('signup.reviewPrompt')} />
          <ScrollArea class="review">
            <dl class="summary" data-testid="summary">
              <dt>{t('signup.event')}</dt>
              <dd>
                {screeningTitle(screening)}
                <small>{whenText(screening.start, screening.end)}</small>
              </dd>
              <dt>{t('signup.name')}</dt>
              <dd>{trimmed}</dd>
              <dt>{t('phone.label')}</dt>
              <dd>{maskPhone(phone)}</dd>
            </dl>
            <Consent
              checked={agreed}
              onToggle={() => setAgreed(!agreed)}
              days={config?.screeningContactDays ?? 30}
            />
          </ScrollArea>
          <ErrorNote text={send.error && errorText(send.error)} />
          <Actions onBack={() => setStep('phone')}>
            <button
              type="button"
              class="btn btn--primary btn--wide"
              disabled={!agreed || send.busy}
              onClick={() => send.run(screening.id, trimmed, phone)}
              data-testid="submit-signup"
            >
              {send.busy ? t('common.sending') : full ? t('signup.submitWaitlist') : t('signup.submit')}
            </button>
          </Actions>
        </section>
      )}
      {step === 'done' && result && (
        <Done
          title={result.status === 'confirmed' ? t('signup.confirmed') : t('signup.waitlisted')}
          minSeconds={CODE_SCREEN_MIN_SEC}
          testId={`signup-${result.status}`}
          aside={
            <div class="code-box">
              <p class="code-box__label">{t('signup.remember')}</p>
              <p class="code-box__code" data-testid="code">
                {result.code}
              </p>
              <p class="code-box__hint">{t('signup.codeUse')}</p>
            </div>
          }
        >
          <p class="done__line done__line--strong">{screeningTitle(screening)}</p>
          <dl class="done__facts" data-testid="signup-facts">
            <dt>{t('signup.when')}</dt>
            <dd data-testid="signup-when">{whenText(result.screening.start, screening.end)}</dd>
            <dt>{t('signup.place')}</dt>
            <dd data-testid="signup-place">{screeningPlace(screening)}</dd>
          </dl>
          {result.status === 'waitlisted' && (
            <p class="done__line done__line--strong" data-testid="position">
              {t('signup.position', { n: result.position })}
            </p>
          )}
        </Done>
      )}
    </Frame>
  )
}
