// Loaded by dynamic import() from the name screen only: the keys (simple-keyboard), the name table and the
// input logic stay out of the first page.
import { useEffect, useMemo, useRef } from 'preact/hooks'
import { t } from '../i18n.js'
import type { KeyboardMode, NameEntry } from '../name-entry.js'
import { type Composer, composer } from '../pinyin/compose.js'
import json from '../pinyin/name-table.json' with { type: 'json' }
import { nameTable } from '../pinyin/table.js'
import { CandidateBar } from './candidate-bar.js'
import { type KeyboardHandle, mountKeyboard } from './pinyin-keyboard-impl.js'

export interface NameKeyboardProps {
  entry: NameEntry
  /** Called with how the name changes, so presses in quick succession each see the one before. */
  update(change: (entry: NameEntry) => NameEntry): void
  maxLength: number
  /** The page's language, so the keys' labels follow it. */
  language: string
}

const table = nameTable(json)

const labels = (mode: KeyboardMode) => ({
  space: t('kbd.space'),
  delete: t('kbd.delete'),
  clear: t('kbd.clear'),
  shift: t('kbd.shift'),
  apostrophe: t('kbd.apostrophe'),
  mode: t(mode === 'pinyin' ? 'kbd.toLatin' : 'kbd.toPinyin'),
})

function press(ime: Composer, entry: NameEntry, key: string): NameEntry {
  if (key === '{bksp}') return ime.backspace(entry)
  if (key === '{clear}') return ime.clear(entry)
  if (key === '{mode}') return ime.setMode(entry, entry.mode === 'pinyin' ? 'latin' : 'pinyin')
  return ime.key(entry, key)
}

/** The keys, and in pinyin mode the candidate bar above them. */
export function NameKeyboard({ entry, update, maxLength, language }: NameKeyboardProps) {
  const ime = useMemo(() => composer(table, maxLength), [maxLength])
  const host = useRef<HTMLDivElement>(null)
  const keys = useRef<KeyboardHandle | null>(null)
  const mode = useRef(entry.mode)
  mode.current = entry.mode

  useEffect(() => {
    if (!host.current) return
    keys.current = mountKeyboard(host.current, {
      mode: mode.current,
      labels: labels(mode.current),
      onKey: (key) => update((e) => press(ime, e, key)),
    })
    return () => {
      keys.current?.destroy()
      keys.current = null
    }
  }, [ime])
  useEffect(() => keys.current?.setMode(entry.mode, labels(entry.mode)), [entry.mode, language])

  const candidates = useMemo(() => ime.candidates(entry), [ime, entry])
  return (
    <div class="pinyin-keyboard__keys">
      {entry.mode === 'pinyin' && (
        <CandidateBar
          candidates={candidates}
          onPick={(c) => update((e) => ime.pick(e, c))}
          hint={t('kbd.candidates')}
          labels={{ previous: t('kbd.previousPage'), next: t('kbd.nextPage') }}
        />
      )}
      <div ref={host} />
    </div>
  )
}
