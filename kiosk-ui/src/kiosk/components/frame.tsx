import type { ComponentChildren } from 'preact'
import { useSignal } from '../../lib/signal.js'
import { station } from '../../lib/socket.js'
import { kioskConfig } from '../data.js'
import { t, toggleLang } from '../i18n.js'
import { stationName } from '../names.js'
import { go, goHome } from '../nav.js'
import { ConnectionBanner } from './connection-banner.js'
import { Icon } from './icons.js'

interface FrameProps {
  /** The screen's title; the home screen shows the station's name instead. */
  title?: string
  screen: string
  children: ComponentChildren
}

/**
 * Every screen: a top bar with the way home, the red 我需要帮助 (on the home screen it is one of the big
 * buttons) and the language switch; the offline banner; the content, which fits the screen (lists scroll
 * inside it, see ScrollArea).
 */
export function Frame({ title, screen, children }: FrameProps) {
  const info = useSignal(station)
  const config = useSignal(kioskConfig)
  const name = stationName(info?.name ?? config?.station.name ?? t('app.title'), config?.station.en)
  return (
    <div class="kiosk" data-screen={screen}>
      <header class="topbar">
        {title === undefined ? (
          <h1 class="topbar__name" data-testid="station-name">
            {name}
          </h1>
        ) : (
          <>
            <button type="button" class="topbar__home" onClick={goHome} data-testid="home">
              <Icon name="home" />
              <span>{t('nav.home')}</span>
            </button>
            <h1 class="topbar__title">{title}</h1>
          </>
        )}
        {title !== undefined && (
          <button
            type="button"
            class="topbar__help"
            onClick={() => go({ name: 'help' })}
            aria-current={screen === 'help' ? 'page' : undefined}
            data-help
            data-testid="topbar-help"
          >
            <Icon name="help" />
            <span>{t('home.help')}</span>
          </button>
        )}
        <button type="button" class="lang-switch" aria-label={t('lang.switchLabel')} onClick={toggleLang}>
          {t('lang.switch')}
        </button>
      </header>
      <ConnectionBanner />
      <main class="screen">{children}</main>
    </div>
  )
}

/** The question a step asks, large, with an optional line under it. */
export function Prompt({ text, hint }: { text: string; hint?: ComponentChildren }) {
  return (
    <div class="prompt">
      <h2 class="prompt__text">{text}</h2>
      {hint && <p class="prompt__hint">{hint}</p>}
    </div>
  )
}

/** A kind error line, with a retry button when the action can simply be tried again. */
export function ErrorNote({ text, onRetry }: { text: string | null; onRetry?: () => void }) {
  if (!text) return null
  return (
    <div class="error-note" role="alert" data-testid="error">
      <span>{text}</span>
      {onRetry && (
        <button type="button" class="btn btn--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  )
}

/** The row of step buttons at the bottom: back on the left, the way forward on the right. */
export function Actions({ onBack, children }: { onBack?: () => void; children?: ComponentChildren }) {
  return (
    <div class="actions">
      {onBack && (
        <button type="button" class="btn btn--ghost" onClick={onBack}>
          <Icon name="back" />
          <span>{t('nav.back')}</span>
        </button>
      )}
      <div class="actions__forward">{children}</div>
    </div>
  )
}
