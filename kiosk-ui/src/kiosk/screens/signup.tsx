import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { lang, t } from '../../lib/i18n.js'
import { isValidPhone, maskPhone } from '../../lib/phone.js'
import { useSignal } from '../../lib/signal.js'
import type { Screening, SignupResult } from '../../lib/types.js'
import { Consent } from '../components/consent.js'
import { Done } from '../components/done.js'
import { Actions, ErrorNote, Frame, Prompt } from '../components/frame.js'
import { Field } from '../components/keypad.js'
import { KeypadStep } from '../components/keypad-step.js'
import { modeFor, PinyinKeyboard } from '../components/pinyin-keyboard.js'
import { kioskConfig } from '../data.js'
import { emptyEntry, type NameEntry, type NameProblem, nameProblem, nameText } from '../name-entry.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'
import { whenText } from '../when.js'

type Step = 'name' | 'phone' | 'review' | 'done'

const NAME_MAX = 20
/** Long enough to write a 6-digit code down, whatever confirmReturnSec says. */
const CODE_SCREEN_MIN_SEC = 30

const problemText = {
  pending: 'signup.namePending',
  mixed: 'signup.nameMixed',
  shape: 'signup.nameShape',
} as const satisfies Record<Exclude<NameProblem, 'empty'>, string>

/** Under the name prompt: how to type in this mode, or why the name cannot go on yet. */
function NameHint({ entry }: { entry: NameEntry }) {
  const problem = nameProblem(entry)
  if (problem && problem !== 'empty')
    return (
      <span class={problem === 'pending' ? undefined : 'field-note--bad'} data-testid="name-problem">
        {t(problemText[problem])}
      </span>
    )
  return <>{t(entry.mode === 'pinyin' ? 'signup.nameHintPinyin' : 'signup.nameHintLatin')}</>
}

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
  const problem = nameProblem(entry)

  return (
    <Frame screen="signup" title={t('signup.title')}>
      {step === 'name' && (
        <section class="step step--keyboard">
          <Prompt text={t('signup.namePrompt')} hint={<NameHint entry={entry} />} />
          <div class="name-row">
            <Field
              label={t('signup.name')}
              text={nameText(entry)}
              pending={entry.pendingShown}
              placeholder={t('signup.namePlaceholder')}
              invalid={problem === 'mixed' || problem === 'shape'}
              testId="name-field"
            />
            <Actions onBack={() => go({ name: 'screenings' })}>
              <button
                type="button"
                class="btn btn--primary"
                disabled={problem !== null}
                onClick={() => setStep('phone')}
              >
                {t('nav.next')}
              </button>
            </Actions>
          </div>
          <PinyinKeyboard entry={entry} update={setEntry} maxLength={NAME_MAX} />
        </section>
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
          <dl class="summary" data-testid="summary">
            <dt>{t('signup.event')}</dt>
            <dd>
              {screening.title}
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
            sms={config?.smsNotices ?? false}
          />
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
        >
          <p class="done__line">{result.screening.title}</p>
          <p class="done__line done__line--muted">{whenText(result.screening.start, screening.end)}</p>
          {result.status === 'waitlisted' && (
            <p class="done__line done__line--strong" data-testid="position">
              {t('signup.position', { n: result.position })}
            </p>
          )}
          <div class="code-box">
            <p class="code-box__label">{t('signup.remember')}</p>
            <p class="code-box__code" data-testid="code">
              {result.code}
            </p>
            <p class="code-box__hint">{t('signup.codeUse')}</p>
          </div>
        </Done>
      )}
    </Frame>
  )
}
