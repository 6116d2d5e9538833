import { useState } from 'preact/hooks'
import { Field, FormError } from '../../lib/field.js'
import { useSignal } from '../../lib/signal.js'
import { t, toggleLang } from '../i18n.js'
import { login, sessionEnded } from '../session.js'
import { useAction } from '../use-load.js'

/** Staff sign in with their account (the demo prints `district / redstation-demo`). */
export function LoginScreen() {
  const ended = useSignal(sessionEnded)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const { busy, error, run } = useAction()
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
          void run(() => login(name.trim(), password))
        }}
      >
        <h1 class="login__title">{t('app.title')}</h1>
        <p class="muted">{t('login.intro')}</p>
        {ended && !error && <p class="notice-line">{t('login.ended')}</p>}
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
        <FormError text={error} />
        <button type="submit" class="btn btn--primary btn--wide" disabled={busy || !name.trim() || !password}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </div>
  )
}
