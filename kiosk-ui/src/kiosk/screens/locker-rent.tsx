import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { type LockerKind, lockers, type Rented } from '../../lib/lockers.js'
import { useSignal } from '../../lib/signal.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, ErrorNote, Frame, Prompt } from '../components/frame.js'
import { LockerOpen } from '../components/locker-open.js'
import { LockerPhoneStep } from '../components/locker-phone-step.js'
import { t } from '../i18n.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'

/** Long enough to write a 6-digit code down, whatever confirmReturnSec says. */
const PIN_DONE_SEC = 20

const hoursOf = (min: number | undefined) => Math.round(((min ?? 240) / 60) * 10) / 10

function PinBox({ pin }: { pin: string }) {
  return (
    <div class="code-box">
      <p class="code-box__label">{t('rent.pinRemember')}</p>
      <p class="code-box__code" data-testid="pin">
        {pin}
      </p>
    </div>
  )
}

/**
 * Renting a charging locker: how to open it again (phone number or a code) → the locker opens, its number
 * large, 请放入手机并关门 → the courier shuts the door, which starts the rental.
 */
export function LockerRentScreen({ kind }: { kind: LockerKind }) {
  const [step, setStep] = useState<'how' | 'phone' | 'open' | 'done'>('how')
  const [phone, setPhone] = useState('')
  const [rented, setRented] = useState<Rented | null>(null)
  const all = useSignal(lockers)
  const send = useSubmit(api.rentLocker, (r) => {
    setRented(r)
    setStep('open')
  })
  const title = t(kind === 'phone' ? 'lockers.phone' : 'lockers.battery')
  const error = send.error && errorText(send.error)
  return (
    <Frame screen="locker-rent" title={title}>
      {step === 'how' && (
        <section class="step">
          <Prompt text={t('rent.howPrompt')} />
          <ChoiceGrid label={t('rent.howPrompt')} kind="act" big>
            <Choice kind="act" onClick={() => setStep('phone')} testId="rent-by-phone">
              {t('rent.byPhone')}
              <span class="choice__sub">{t('rent.byPhoneHint')}</span>
            </Choice>
            <Choice kind="act" onClick={() => send.run(kind)} testId="rent-by-pin">
              {send.busy ? t('rent.opening') : t('rent.byPin')}
              <span class="choice__sub">{t('rent.byPinHint')}</span>
            </Choice>
          </ChoiceGrid>
          <ErrorNote text={error} />
          <Actions onBack={() => go({ name: 'home' })} />
        </section>
      )}
      {step === 'phone' && (
        <LockerPhoneStep
          prompt={t('rent.phonePrompt')}
          hint={t('rent.phoneWhy')}
          phone={phone}
          onChange={setPhone}
          error={error}
          busy={send.busy}
          onBack={() => setStep('how')}
          onOpen={() => send.run(kind, phone)}
        />
      )}
      {step === 'open' && rented && (
        <LockerOpen
          id={rented.locker.id}
          label={rented.locker.label}
          instruction={t(kind === 'phone' ? 'rent.putPhone' : 'rent.putBattery')}
          rev={rented.rev}
          onShut={() => setStep('done')}
        >
          {rented.pin && <PinBox pin={rented.pin} />}
        </LockerOpen>
      )}
      {step === 'done' && rented && (
        <Done title={t('rent.started')} minSeconds={rented.pin ? PIN_DONE_SEC : 0} testId="rent-done">
          <p class="done__line done__line--strong">{t('lockers.number', { label: rented.locker.label })}</p>
          {rented.pin && <PinBox pin={rented.pin} />}
          <p class="done__line">
            {rented.pin ? t('rent.startedPin', { label: rented.locker.label }) : t('rent.startedPhone')}
          </p>
          <p class="done__line done__line--muted">
            {t('rent.timeLimit', { hours: hoursOf(all?.timeLimitMin) })}
          </p>
        </Done>
      )}
    </Frame>
  )
}
