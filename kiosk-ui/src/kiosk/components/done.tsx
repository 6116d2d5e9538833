import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { countdown, realScheduler, type Scheduler } from '../../lib/idle.js'
import { useSignal } from '../../lib/signal.js'
import { kioskConfig } from '../data.js'
import { t } from '../i18n.js'
import { goHome } from '../nav.js'
import { Icon } from './icons.js'

export const DEFAULT_CONFIRM_SEC = 6

/** The scheduler confirmation screens count down with; tests may swap it. */
export const confirmScheduler: { current: Scheduler } = { current: realScheduler }

interface DoneProps {
  title: string
  /** Seconds at least, for screens with something to write down (a sign-up code). */
  minSeconds?: number
  testId: string
  children?: ComponentChildren
  /** Beside the rest in landscape, under it in portrait: what to write down (a sign-up's code). */
  aside?: ComponentChildren
}

/** A confirmation: a big tick, what happened, and home by itself after `confirmReturnSec`. */
export function Done({ title, minSeconds = 0, testId, children, aside }: DoneProps) {
  const config = useSignal(kioskConfig)
  const seconds = Math.max(config?.confirmReturnSec ?? DEFAULT_CONFIRM_SEC, minSeconds)
  const [left, setLeft] = useState(seconds)
  // Counted once from when the screen appeared; a settings refresh does not restart it.
  useEffect(() => countdown(seconds, setLeft, goHome, confirmScheduler.current), [])
  return (
    <section class={`done${aside ? ' done--aside' : ''}`} data-testid={testId} aria-live="polite">
      <div class="done__main">
        <div class="done__head">
          <div class="done__mark">
            <Icon name="check" />
          </div>
          <h2 class="done__title">{title}</h2>
        </div>
        <div class="done__body">{children}</div>
      </div>
      {aside && <div class="done__aside">{aside}</div>}
      <div class="done__foot">
        <button type="button" class="btn btn--primary done__home" onClick={goHome}>
          {t('nav.homeNow')}
        </button>
        <p class="done__returning">{t('nav.returning', { n: left })}</p>
      </div>
    </section>
  )
}
