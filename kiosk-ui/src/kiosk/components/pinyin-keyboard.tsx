import { useEffect, useRef, useState } from 'preact/hooks'
import { lang, t } from '../../lib/i18n.js'
import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'
import { ErrorNote } from './frame.js'
import type { KeyboardHandle, KeyboardMode } from './pinyin-keyboard-impl.js'

interface PinyinKeyboardProps {
  value: string
  onChange(value: string): void
  maxLength: number
}

const labels = (mode: KeyboardMode) => ({
  space: t('kbd.space'),
  delete: t('kbd.delete'),
  shift: t('kbd.shift'),
  mode: t(mode === 'pinyin' ? 'kbd.toLatin' : 'kbd.toPinyin'),
})
const modeFor = (l: string): KeyboardMode => (l === 'en' ? 'latin' : 'pinyin')

/**
 * An on-screen keyboard that types Chinese by pinyin, picking characters from a candidate bar, or plain
 * letters; its code is fetched when the name screen first shows it.
 */
export function PinyinKeyboard({ value, onChange, maxLength }: PinyinKeyboardProps) {
  const language = useSignal(lang)
  const online = useSignal(link) === 'connected'
  const host = useRef<HTMLDivElement>(null)
  const keyboard = useRef<KeyboardHandle | null>(null)
  const latest = useRef(onChange)
  latest.current = onChange
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading')
  const [attempt, setAttempt] = useState(0)
  const [mode, setMode] = useState<KeyboardMode>(modeFor(language))
  useEffect(() => {
    let gone = false
    setStatus('loading')
    import('./pinyin-keyboard-impl.js').then(
      ({ mountKeyboard }) => {
        if (gone || !host.current) return
        keyboard.current = mountKeyboard(host.current, {
          value,
          mode,
          labels: labels(mode),
          maxLength,
          onChange: (next) => latest.current(next),
          onModeKey: () => setMode((m) => (m === 'pinyin' ? 'latin' : 'pinyin')),
        })
        setStatus('ready')
      },
      () => {
        if (!gone) setStatus('failed')
      },
    )
    return () => {
      gone = true
      keyboard.current?.destroy()
      keyboard.current = null
    }
  }, [attempt])

  // The chunk could not be fetched (hub unreachable): try again as soon as the link is back.
  useEffect(() => {
    if (status === 'failed' && online) setAttempt((n) => n + 1)
  }, [online])

  useEffect(() => setMode(modeFor(language)), [language])
  useEffect(() => keyboard.current?.setMode(mode, labels(mode)), [mode, language, status])
  useEffect(() => keyboard.current?.setValue(value), [value, status])

  return (
    <div class={`pinyin-keyboard pinyin-keyboard--${mode}`} data-testid="name-keyboard" data-status={status}>
      {status === 'loading' && <p class="pinyin-keyboard__status">{t('kbd.loading')}</p>}
      {status === 'failed' && <ErrorNote text={t('kbd.failed')} onRetry={() => setAttempt((n) => n + 1)} />}
      <div class="pinyin-keyboard__keys">
        {mode === 'pinyin' && status === 'ready' && (
          <p class="pinyin-keyboard__hint">{t('kbd.candidates')}</p>
        )}
        <div ref={host} />
      </div>
    </div>
  )
}
