import { useEffect, useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { isValidPhone } from '../../lib/phone.js'
import type { Screening } from '../../lib/types.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, Frame, Prompt } from '../components/frame.js'
import { CODE_LENGTH, KeypadStep } from '../components/keypad-step.js'
import { LoadError } from '../components/load-error.js'
import { NameStep } from '../components/name-step.js'
import { modeFor } from '../components/pinyin-keyboard.js'
import { ScrollArea } from '../components/scroll-area.js'
import { lang, t } from '../i18n.js'
import { emptyEntry, nameText } from '../name-entry.js'
import { screeningTitle } from '../names.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'
import { whenText } from '../when.js'
import { useScreenings } from './screenings.js'

type Step = 'pick' | 'phone' | 'code' | 'name' | 'done'

/**
 * Cancel a sign-up: which event (skipped when there is one), phone, then the code; or, for a courier who
 * lost it, the name signed up with (the hub checks phone, event and name together, and slows down wrong
 * tries). Whether someone on the waiting list moved up is not this courier's business, so it is not shown.
 */
export function CancelScreen() {
  const { list, error, retry } = useScreenings()
  const [step, setStep] = useState<Step>('pick')
  const [chosen, setChosen] = useState<Screening | null>(null)
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [entry, setEntry] = useState(() => emptyEntry(modeFor(lang.value)))
  const byCode = useSubmit(api.cancelSignup, () => setStep('done'))
  const byName = useSubmit(api.cancelByName, () => setStep('done'))
  const only = list?.length === 1 ? list[0] : undefined

  useEffect(() => {
    if (step === 'pick' && only) {
      setChosen(only)
      setStep('phone')
    }
  }, [only])

  const backFromPhone = () => (list && list.length > 1 ? setStep('pick') : go({ name: 'screenings' }))
  const title = chosen ? screeningTitle(chosen) : undefined
  const nameError =
    byName.error === 'HUB_ERR_SIGNUP_NOT_FOUND'
      ? t('error.signupNotFoundByName')
      : byName.error && errorText(byName.error, byName.waitSec)

  return (
    <Frame screen="cancel" title={t('cancel.title')}>
      {step === 'pick' && (
        <section class="step">
          <Prompt text={t('cancel.pick')} />
          <LoadError code={error} onRetry={retry} />
          {list === null && !error && <p class="loading">{t('common.loading')}</p>}
          {list?.length === 0 && <p class="loading">{t('screenings.none')}</p>}
          <ScrollArea>
            <ChoiceGrid label={t('cancel.pick')} kind="radio">
              {list?.map((s) => (
                <Choice
                  key={s.id}
                  kind="radio"
                  selected={chosen?.id === s.id}
                  onClick={() => setChosen(s)}
                  testId={`cancel-${s.id}`}
                >
                  {screeningTitle(s)}
                  <small class="choice__sub">{whenText(s.start, s.end)}</small>
                </Choice>
              ))}
            </ChoiceGrid>
          </ScrollArea>
          <Actions onBack={() => go({ name: 'screenings' })}>
            <button
              type="button"
              class="btn btn--primary"
              disabled={!chosen}
              onClick={() => setStep('phone')}
            >
              {t('nav.next')}
            </button>
          </Actions>
        </section>
      )}
      {step === 'phone' && (
        <KeypadStep
          kind="phone"
          prompt={t('cancel.phonePrompt')}
          hint={title}
          value={phone}
          onChange={setPhone}
        >
          <Actions onBack={backFromPhone}>
            <button
              type="button"
              class="btn btn--primary"
              disabled={!isValidPhone(phone)}
              onClick={() => setStep('code')}
            >
              {t('nav.next')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'code' && chosen && (
        <KeypadStep
          kind="code"
          prompt={t('cancel.codePrompt')}
          hint={title}
          value={code}
          onChange={(v) => {
            setCode(v)
            byCode.clearError()
          }}
          error={byCode.error && errorText(byCode.error, byCode.waitSec)}
        >
          <Actions onBack={() => setStep('phone')}>
            <button
              type="button"
              class="btn btn--ghost"
              onClick={() => setStep('name')}
              data-testid="lost-code"
            >
              {t('cancel.lostCode')}
            </button>
            <button
              type="button"
              class="btn btn--primary btn--wide"
              disabled={code.length !== CODE_LENGTH || byCode.busy}
              onClick={() => byCode.run(chosen.id, code, phone)}
              data-testid="submit-cancel"
            >
              {byCode.busy ? t('common.sending') : t('cancel.submit')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'name' && chosen && (
        <NameStep
          prompt={t('cancel.namePrompt')}
          entry={entry}
          update={(change) => {
            setEntry(change)
            byName.clearError()
          }}
          onBack={() => setStep('code')}
          error={nameError}
          forward={(ready) => (
            <button
              type="button"
              class="btn btn--primary"
              disabled={!ready || byName.busy}
              onClick={() => byName.run(chosen.id, phone, nameText(entry).trim())}
              data-testid="submit-cancel"
            >
              {byName.busy ? t('common.sending') : t('cancel.submit')}
            </button>
          )}
        />
      )}
      {step === 'done' && (
        <Done title={t('cancel.done')} testId="cancel-done">
          <p class="done__line">{title}</p>
          <p class="done__line done__line--muted">{t('cancel.doneHint')}</p>
        </Done>
      )}
    </Frame>
  )
}
