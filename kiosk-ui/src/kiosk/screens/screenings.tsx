import { useEffect, useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { NETWORK } from '../../lib/http.js'
import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'
import type { Screening } from '../../lib/types.js'
import { Actions, Frame } from '../components/frame.js'
import { Icon } from '../components/icons.js'
import { LoadError } from '../components/load-error.js'
import { ScrollArea } from '../components/scroll-area.js'
import { t } from '../i18n.js'
import { screeningOrganiser, screeningPlace, screeningTitle } from '../names.js'
import { go } from '../nav.js'
import { errorCode } from '../use-submit.js'
import { whenText } from '../when.js'

/** The screenings list, fetched fresh each time the screen opens (seats change as people sign up). */
export function useScreenings() {
  const [list, setList] = useState<Screening[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [attempt, setAttempt] = useState(0)
  // A list that failed for want of the hub loads by itself when the hub is back.
  const online = useSignal(link) === 'connected'
  useEffect(() => {
    if (online && error === NETWORK) setAttempt((n) => n + 1)
  }, [online])
  useEffect(() => {
    let gone = false
    setError(null)
    api.screenings().then(
      (all) => !gone && setList(all.filter((s) => Date.parse(s.end) > Date.now())),
      (err) => !gone && setError(errorCode(err)),
    )
    return () => {
      gone = true
    }
  }, [attempt])
  return { list, error, retry: () => setAttempt((n) => n + 1) }
}

function ScreeningCard({ s }: { s: Screening }) {
  const full = s.seatsLeft <= 0
  return (
    <li class="event" data-screening-id={s.id}>
      <div class="event__info">
        <h2 class="event__title">{screeningTitle(s)}</h2>
        <p class="event__when">{whenText(s.start, s.end)}</p>
        <p class="event__place">{screeningPlace(s)}</p>
        <p class="event__organiser">{t('screenings.organiser', { name: screeningOrganiser(s) })}</p>
      </div>
      <div class="event__side">
        <p class={`event__seats${full ? ' event__seats--full' : ''}`} data-testid="seats">
          {full ? t('screenings.full') : t('screenings.seatsLeft', { n: s.seatsLeft })}
        </p>
        {full && s.waitlist > 0 && <p class="event__queue">{t('screenings.waitlist', { n: s.waitlist })}</p>}
        <button
          type="button"
          class={`btn ${full ? 'btn--outline' : 'btn--primary'}`}
          onClick={() => go({ name: 'signup', screening: s })}
          data-testid="signup"
        >
          {full ? t('screenings.joinWaitlist') : t('screenings.signUp')}
        </button>
      </div>
    </li>
  )
}

export function ScreeningsScreen() {
  const { list, error, retry } = useScreenings()
  return (
    <Frame screen="screenings" title={t('screenings.title')}>
      <section class="step">
        <LoadError code={error} onRetry={retry} />
        {list === null && !error && <p class="loading">{t('common.loading')}</p>}
        {list?.length === 0 && <p class="loading">{t('screenings.none')}</p>}
        <ScrollArea>
          <ul class="events">
            {list?.map((s) => (
              <ScreeningCard key={s.id} s={s} />
            ))}
          </ul>
        </ScrollArea>
        <Actions onBack={() => go({ name: 'home' })}>
          <button
            type="button"
            class="btn btn--ghost"
            onClick={() => go({ name: 'cancel' })}
            data-testid="go-cancel"
          >
            <Icon name="cancel" />
            {t('screenings.cancelEntry')}
          </button>
        </Actions>
      </section>
    </Frame>
  )
}
