import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { type Collected, type Lockers, lockers } from '../../lib/lockers.js'
import { useSignal } from '../../lib/signal.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, Frame, Prompt } from '../components/frame.js'
import { CODE_LENGTH, KeypadStep } from '../components/keypad-step.js'
import { LockerOpen } from '../components/locker-open.js'
import { LockerPhoneStep } from '../components/locker-phone-step.js'
import { t } from '../i18n.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'

type Locker = Lockers['lockers'][number]

/** A jammed door when taking back: the courier's phone is inside, so they are told the staff will come. */
const collectError = (code: string) =>
  code === 'HUB_ERR_LOCKER_JAMMED' ? t('collect.jammed') : errorText(code)

/** Taking a locker back: by phone number, or by locker and code → the same locker opens → 请取出物品并关门. */
export function LockerCollectScreen() {
  const [step, setStep] = useState<'how' | 'phone' | 'pick' | 'pin' | 'open' | 'done'>('how')
  const [phone, setPhone] = useState('')
  const [pin, setPin] = useState('')
  const [locker, setLocker] = useState<Locker | null>(null)
  const [opened, setOpened] = useState<Collected | null>(null)
  const all = useSignal(lockers)
  const send = useSubmit(api.collectLocker, (r) => {
    setOpened(r)
    setStep('open')
  })
  const error = send.error && collectError(send.error)
  const busy = all?.lockers.filter((l) => l.state === 'busy') ?? []
  return (
    <Frame screen="locker-collect" title={t('collect.title')}>
      {step === 'how' && (
        <section class="step">
          <Prompt text={t('collect.howPrompt')} />
          <ChoiceGrid label={t('collect.howPrompt')} kind="act" big>
            <Choice kind="act" onClick={() => setStep('phone')} testId="collect-by-phone">
              {t('collect.byPhone')}
            </Choice>
            <Choice kind="act" onClick={() => setStep('pick')} testId="collect-by-pin">
              {t('collect.byPin')}
            </Choice>
          </ChoiceGrid>
          <Actions onBack={() => go({ name: 'home' })} />
        </section>
      )}
      {step === 'phone' && (
        <LockerPhoneStep
          prompt={t('collect.phonePrompt')}
          phone={phone}
          onChange={setPhone}
          error={error}
          busy={send.busy}
          onBack={() => setStep('how')}
          onOpen={() => send.run({ phone })}
        />
      )}
      {step === 'pick' && (
        <section class="step">
          <Prompt text={t('collect.pickLocker')} />
          {busy.length === 0 && <p class="tile__empty">{t('collect.noneBusy')}</p>}
          <fieldset class="locker-grid" aria-label={t('collect.pickLocker')}>
            {busy.map((l) => (
              <button
                key={l.id}
                type="button"
                class="locker-grid__item"
                onClick={() => {
                  setLocker(l)
                  setPin('')
                  send.clearError()
                  setStep('pin')
                }}
                data-locker={l.id}
              >
                {l.label}
              </button>
            ))}
          </fieldset>
          <Actions onBack={() => setStep('how')} />
        </section>
      )}
      {step === 'pin' && locker && (
        <KeypadStep
          kind="code"
          prompt={t('collect.pinPrompt', { label: locker.label })}
          label={t('rent.pin')}
          placeholder={t('collect.pinPlaceholder')}
          value={pin}
          onChange={setPin}
          error={error}
        >
          <Actions onBack={() => setStep('pick')}>
            <button
              type="button"
              class="btn btn--primary btn--wide"
              disabled={pin.length !== CODE_LENGTH || send.busy}
              onClick={() => send.run({ locker: locker.id, pin })}
              data-testid="open-locker"
            >
              {send.busy ? t('rent.opening') : t('rent.open')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'open' && opened && (
        <LockerOpen
          id={opened.locker.id}
          label={opened.locker.label}
          instruction={t('collect.takeOut')}
          rev={opened.rev}
          onShut={() => setStep('done')}
        />
      )}
      {step === 'done' && (
        <Done title={t('collect.done')} testId="collect-done">
          <p class="done__line">{t('collect.doneHint')}</p>
        </Done>
      )}
    </Frame>
  )
}
