// The frame both staff pages share (the station's manager console and the district page): the login form
// and the red top bar. Each page passes its own words; the markup and its test ids are one.
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { Field, FormError } from './field.js'
import { toggleLang } from './i18n.js'
import { type ReadonlySignal, useSignal } from './signal.js'

/** The keys both pages' tables have for their frame, without parameters. */
type FrameKey =
  | 'app.title'
  | 'login.intro'
  | 'login.ended'
  | 'login.name'
  | 'login.password'
  | 'login.submit'
  | 'login.busy'
  | 'login.logout'
  | 'lang.switch'
  | 'lang.switchLabel'
export type FrameWords = (key: FrameKey) => string

/** Name and password, the language switch above; `ended` says a session ran out under the user's hands. */
function LoginForm(props: {
  t: FrameWords
  ended: boolean
  busy: boolean
  error: string | null
  onSubmit: (name: string, password: string) => void
}) {
  const t = props.t
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  return (
    <div class="login">
      <button
        type="button"
        class="btn btn--ghost login__lang"
        aria-label={t('lang.switchLabel')}
        onClick={toggleLang}
      >
        {t('lang.switch')}
      </button>
      <form
        class="login__form"
        data-testid="login"
        onSubmit={(e) => {
          e.preventDefault()
          props.onSubmit(name.trim(), password)
        }}
      >
        <h1 class="login__title">{t('app.title')}</h1>
        <p class="muted">{t('login.intro')}</p>
        {props.ended && !props.error && <p class="notice-line">{t('login.ended')}</p>}
        <Field label={t('login.name')}>
          <input
            name="name"
            autocomplete="username"
            autocapitalize="none"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <FormError text={props.error} />
        <button
          type="submit"
          class="btn btn--primary btn--wide"
          disabled={props.busy || !name.trim() || !password}
        >
          {props.busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </div>
  )
}

/** A page's login screen: its words, its session's `ended` signal, its login and its action hook. */
export function createLoginScreen(o: {
  t: FrameWords
  sessionEnded: ReadonlySignal<boolean>
  login: (name: string, password: string) => Promise<void>
  useAction: () => {
    busy: boolean
    error: string | null
    run: (a: () => Promise<unknown>) => Promise<boolean>
  }
}) {
  return function LoginScreen() {
    const ended = useSignal(o.sessionEnded)
    const { busy, error, run } = o.useAction()
    return (
      <LoginForm
        t={o.t}
        ended={ended}
        busy={busy}
        error={error}
        onSubmit={(name, password) => void run(() => o.login(name, password))}
      />
    )
  }
}

/** The sticky red bar: the page's title, who is logged in (`user`), the language switch, log out. */
export function TopBar(props: {
  t: FrameWords
  title: string
  user: ComponentChildren
  onLogout: () => void
}) {
  const t = props.t
  return (
    <header class="top">
      <div class="top__who">
        <h1 class="top__title">{props.title}</h1>
        <span class="top__user" data-testid="user">
          {props.user}
        </span>
      </div>
      <button
        type="button"
        class="btn btn--ghost"
        aria-label={t('lang.switchLabel')}
        onClick={toggleLang}
        data-testid="lang"
      >
        {t('lang.switch')}
      </button>
      <button type="button" class="btn btn--ghost" data-testid="logout" onClick={props.onLogout}>
        {t('login.logout')}
      </button>
    </header>
  )
}
