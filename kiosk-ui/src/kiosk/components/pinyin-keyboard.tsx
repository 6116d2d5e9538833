import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'
import { lang, t } from '../i18n.js'
import { isEmpty, type KeyboardMode, type NameEntry } from '../name-entry.js'
import { ErrorNote } from './frame.js'
import type { NameKeyboardProps } from './name-keyboard.js'

interface PinyinKeyboardProps {
  entry: NameEntry
  update(change: (entry: NameEntry) => NameEntry): void
  maxLength: number
}

/** Chinese starts in pinyin; English in letters, the likelier way a name is written by who reads English. */
export const modeFor = (l: string): KeyboardMode => (l === 'en' ? 'latin' : 'pinyin')

/**
 * An on-screen keyboard that types a name in Chinese by pinyin, picking characters from a candidate bar,
 * or in plain letters; its code and table are fetched when the name screen first shows it.
 */
export function PinyinKeyboard({ entry, update, maxLength }: PinyinKeyboardProps) {
  const language = useSignal(lang)
  const online = useSignal(link) === 'connected'
  const [Keys, setKeys] = useState<ComponentType<NameKeyboardProps> | null>(null)
  const [status, setStatus] = useState<'loading' | 'ready' | 'failed'>('loading')
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let gone = false
    setStatus('loading')
    import('./name-keyboard.js').then(
      ({ NameKeyboard }) => {
        if (gone) return
        setKeys(() => NameKeyboard)
        setStatus('ready')
      },
      () => {
        if (!gone) setStatus('failed')
      },
    )
    return () => {
      gone = true
    }
  }, [attempt])

  // The chunk could not be fetched (hub unreachable): try again as soon as the link is back.
  useEffect(() => {
    if (status === 'failed' && online) setAttempt((n) => n + 1)
  }, [online])

  // A name not yet begun follows the language; one being typed keeps its mode.
  useEffect(() => {
    const mode = modeFor(language)
    update((e) => (isEmpty(e) && e.mode !== mode ? { ...e, mode } : e))
  }, [language])

  return (
    <div
      class={`pinyin-keyboard pinyin-keyboard--${entry.mode}`}
      data-testid="name-keyboard"
      data-status={status}
    >
      {status === 'loading' && <p class="pinyin-keyboard__status">{t('kbd.loading')}</p>}
      {status === 'failed' && <ErrorNote text={t('kbd.failed')} onRetry={() => setAttempt((n) => n + 1)} />}
      {Keys && <Keys entry={entry} update={update} maxLength={maxLength} language={language} />}
    </div>
  )
}
