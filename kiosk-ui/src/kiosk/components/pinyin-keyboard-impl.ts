// Loaded by dynamic import() from the name screen only: simple-keyboard and its pinyin table (~35 KB
// gzipped) stay out of the first page.
import Keyboard from 'simple-keyboard/build/index.modern.esm.js'
import chinese from 'simple-keyboard-layouts/build/layouts/chinese.js'
import './keyboard.css'

export type KeyboardMode = 'pinyin' | 'latin'

export interface KeyboardLabels {
  space: string
  delete: string
  shift: string
  /** The key that switches to the other mode, labelled with where it goes. */
  mode: string
}

export interface KeyboardHandle {
  setValue(value: string): void
  setMode(mode: KeyboardMode, labels: KeyboardLabels): void
  destroy(): void
}

interface MountOptions {
  value: string
  mode: KeyboardMode
  labels: KeyboardLabels
  maxLength: number
  onChange(value: string): void
  onModeKey(): void
}

// Letters only, ten to a row: names need no digits or symbols, and wide keys suit gloves. The middle dot
// joins the parts of a transcribed name (e.g. 买买提·艾力).
const layouts = {
  pinyin: {
    default: ['q w e r t y u i o p', 'a s d f g h j k l ·', 'z x c v b n m {bksp}', '{mode} {space}'],
  },
  latin: {
    default: ['q w e r t y u i o p', 'a s d f g h j k l', '{shift} z x c v b n m {bksp}', '{mode} {space}'],
    shift: ['Q W E R T Y U I O P', 'A S D F G H J K L', '{shift} Z X C V B N M {bksp}', '{mode} {space}'],
  },
}

/** The pinyin → characters table of simple-keyboard-layouts (from pinyinjs). */
const candidates = (chinese as unknown as { layoutCandidates: Record<string, string> }).layoutCandidates

const display = (labels: KeyboardLabels) => ({
  '{bksp}': labels.delete,
  '{space}': labels.space,
  '{shift}': labels.shift,
  '{mode}': labels.mode,
})

function modeOptions(mode: KeyboardMode, labels: KeyboardLabels) {
  return {
    layout: layouts[mode],
    layoutName: 'default',
    display: display(labels),
    enableLayoutCandidates: mode === 'pinyin',
  }
}

export function mountKeyboard(host: HTMLElement, opts: MountOptions): KeyboardHandle {
  const el = document.createElement('div')
  // simple-keyboard names its instance after the element's class, and refuses an element without one.
  el.className = 'simple-keyboard'
  host.append(el)
  const keyboard = new Keyboard(el as HTMLDivElement, {
    ...modeOptions(opts.mode, opts.labels),
    theme: 'kbd',
    layoutCandidates: candidates,
    layoutCandidatesPageSize: 8,
    maxLength: opts.maxLength,
    useButtonTag: true,
    disableButtonHold: true,
    // Characters always go at the end: there is no caret to move on a display-only field.
    disableCaretPositioning: true,
    onChange: (input: string) => opts.onChange(input),
    onKeyPress: (button: string) => {
      if (button === '{mode}') opts.onModeKey()
      if (button !== '{shift}') return
      const next = keyboard.options.layoutName === 'shift' ? 'default' : 'shift'
      keyboard.setOptions({ layoutName: next })
    },
  })
  keyboard.setInput(opts.value)
  return {
    setValue(value) {
      if (keyboard.getInput() === value) return
      keyboard.setInput(value)
      keyboard.candidateBox?.destroy()
    },
    setMode(mode, labels) {
      keyboard.candidateBox?.destroy()
      keyboard.setOptions(modeOptions(mode, labels))
    },
    destroy() {
      keyboard.destroy()
      el.remove()
    },
  }
}
