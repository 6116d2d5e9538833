import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { isValidPhone, maskPhone } from '../../lib/phone.js'
import { useSignal } from '../../lib/signal.js'
import type { Lookup, Visit } from '../../lib/types.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, ErrorNote, Frame, Prompt } from '../components/frame.js'
import { KeypadStep } from '../components/keypad-step.js'
import { choiceLabels, lastTime, SameAsLast } from '../components/same-as-last.js'
import { ScrollArea } from '../components/scroll-area.js'
import { kioskConfig } from '../data.js'
import { pick, t } from '../i18n.js'
import { errorText, useSubmit } from '../use-submit.js'

type Step = 'phone' | 'platform' | 'purposes' | 'confirm' | 'done' | 'already'

/**
 * Check-in: phone → (lookup) → platform → purposes → confirm → done. A returning courier checks in again
 * with one tap ("same as last time"); one who checked in within the repeat window is told so at once, with
 * the count of the visit already counted (the hub would not count it again).
 */
export function CheckinScreen() {
  const config = useSignal(kioskConfig)
  const [step, setStep] = useState<Step>('phone')
  const [phone, setPhone] = useState('')
  const [lookup, setLookup] = useState<Lookup | null>(null)
  const [platform, setPlatform] = useState<string | null>(null)
  const [purposes, setPurposes] = useState<string[]>([])
  const [visit, setVisit] = useState<Visit | null>(null)
  const platforms = config?.platforms ?? []
  const allPurposes = config?.purposes ?? []

  const find = useSubmit(api.lookup, (found) => {
    setLookup(found)
    if (found.repeat) {
      setStep('already')
      return
    }
    // A returning courier's choices of last time are already made; they only confirm or change them.
    if (found.platform && platforms.some((p) => p.id === found.platform)) setPlatform(found.platform)
    setPurposes(found.purposes.filter((id) => allPurposes.some((p) => p.id === id)))
    setStep('platform')
  })
  const send = useSubmit(api.checkin, (v) => {
    setVisit(v)
    setStep('done')
  })
  const same = lookup && lastTime(lookup, platforms, allPurposes)

  return (
    <Frame screen="checkin" title={t('checkin.title')}>
      {step === 'phone' && (
        <KeypadStep
          kind="phone"
          prompt={t('checkin.phonePrompt')}
          hint={t('checkin.phoneWhy')}
          value={phone}
          onChange={(v) => {
            setPhone(v)
            find.clearError()
          }}
          error={find.error && errorText(find.error)}
        >
          <Actions>
            <button
              type="button"
              class="btn btn--primary"
              disabled={!isValidPhone(phone) || find.busy}
              onClick={() => find.run(phone)}
            >
              {find.busy ? t('common.sending') : t('nav.next')}
            </button>
          </Actions>
        </KeypadStep>
      )}
      {step === 'platform' && lookup && (
        <section class="step">
          <p class="greeting" data-testid="greeting">
            {lookup.known
              ? t('checkin.welcomeBack', { n: lookup.visitsThisMonth + 1 })
              : t('checkin.welcomeNew')}
          </p>
          {same && (
            <>
              <SameAsLast
                choice={same}
                platforms={platforms}
                purposes={allPurposes}
                busy={send.busy}
                onPick={() => send.run(phone, same.platform, same.purposes)}
              />
              <ErrorNote text={send.error && errorText(send.error)} />
            </>
          )}
          <Prompt text={same ? t('checkin.platformAgain') : t('checkin.platformPrompt')} />
          {platforms.length === 0 && <p class="loading">{t('common.loading')}</p>}
          <ScrollArea>
            <ChoiceGrid label={t('checkin.platform')} kind="radio">
              {platforms.map((p) => (
                <Choice
                  key={p.id}
                  kind="radio"
                  selected={platform === p.id}
                  onClick={() => setPlatform(p.id)}
                  testId={`platform-${p.id}`}
                >
                  {pick(p)}
                </Choice>
              ))}
            </ChoiceGrid>
          </ScrollArea>
          <Actions onBack={() => setStep('phone')}>
            <button
              type="button"
              class="btn btn--primary"
              disabled={!platform}
              onClick={() => setStep('purposes')}
            >
              {t('nav.next')}
            </button>
          </Actions>
        </section>
      )}
      {step === 'purposes' && (
        <section class="step">
          <Prompt text={t('checkin.purposePrompt')} />
          {allPurposes.length === 0 && <p class="loading">{t('common.loading')}</p>}
          <ScrollArea>
            <ChoiceGrid label={t('checkin.purposes')} kind="check">
              {allPurposes.map((p) => {
                const on = purposes.includes(p.id)
                const toggle = () =>
                  setPurposes(on ? purposes.filter((x) => x !== p.id) : [...purposes, p.id])
                return (
                  <Choice key={p.id} kind="check" selected={on} onClick={toggle} testId={`purpose-${p.id}`}>
                    {pick(p)}
                  </Choice>
                )
              })}
            </ChoiceGrid>
          </ScrollArea>
          <Actions onBack={() => setStep('platform')}>
            <button
              type="button"
              class="btn btn--primary"
              disabled={purposes.length === 0}
              onClick={() => setStep('confirm')}
            >
              {t('nav.next')}
            </button>
          </Actions>
        </section>
      )}
      {step === 'confirm' && (
        <section class="step">
          <Prompt text={t('checkin.confirmPrompt')} />
          <dl class="summary" data-testid="summary">
            <dt>{t('phone.label')}</dt>
            <dd>{maskPhone(phone)}</dd>
            <dt>{t('checkin.platform')}</dt>
            <dd>{choiceLabels(platforms, platform ? [platform] : [])}</dd>
            <dt>{t('checkin.purposes')}</dt>
            <dd>{choiceLabels(allPurposes, purposes)}</dd>
          </dl>
          <ErrorNote text={send.error && errorText(send.error)} />
          <Actions onBack={() => setStep('purposes')}>
            <button
              type="button"
              class="btn btn--primary btn--wide"
              disabled={send.busy}
              onClick={() => platform && send.run(phone, platform, purposes)}
              data-testid="confirm-checkin"
            >
              {send.busy ? t('common.sending') : t('checkin.confirm')}
            </button>
          </Actions>
        </section>
      )}
      {step === 'already' && lookup && (
        <Done title={t('checkin.already')} testId="checkin-already">
          <p class="done__phone">{maskPhone(phone)}</p>
          <p class="done__line" data-testid="visit-count">
            {t('checkin.visitCount', { n: lookup.visitsThisMonth })}
          </p>
          <p class="done__line done__line--note">{t('checkin.alreadyNote')}</p>
        </Done>
      )}
      {step === 'done' && visit && (
        <Done title={t('checkin.done')} testId="checkin-done">
          <p class="done__phone" data-testid="masked-phone">
            {visit.phoneMasked}
          </p>
          <p class="done__line" data-testid="visit-count">
            {t('checkin.visitCount', { n: visit.visitsThisMonth })}
          </p>
          {visit.repeat && (
            <p class="done__line done__line--note" data-testid="repeat">
              {t('checkin.repeat')}
            </p>
          )}
          <p class="done__line">{t('checkin.thanks')}</p>
        </Done>
      )}
    </Frame>
  )
}
