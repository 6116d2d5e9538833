// The keys of the name keyboard (simple-keyboard): big, touch-friendly, one layout per mode. What a key
// does to the name is decided by the caller (pinyin/compose.ts); simple-keyboard's own input is unused.
import Keyboard from 'simple-keyboard/build/index.modern.esm.js'
import type { KeyboardMode } from '../name-entry.js'
import './keyboard.css'

export interface KeyboardLabels {
  space: string
  delete: string
  clear: string
  shift: string
  /** The syllable separator, as in xi'an. */
  apostrophe: string
  /** The key that switches to the other mode, labelled with where it goes. */
  mode: string
}

export interface KeyboardHandle {
  setMode(mode: KeyboardMode, labels: KeyboardLabels): void
  destroy(): void
}

interface MountOptions {
  mode: KeyboardMode
  labels: KeyboardLabels
  /** A letter (shifted in ABC mode), `'`, `·`, ` `, or `{bksp}`, `{clear}`, `{mode}`. */
  onKey(key: string): void
}

// Letters only, ten to a row: names need no digits or symbols, and wide keys suit gloves. In pinyin mode
// the apostrophe separates syllables (xi'an) and the middle dot joins the parts of a transcribed name
// (买买提·艾力); a Chinese name has no spaces. v types ü (lv → 吕), as on phones.
const layouts = {
  pinyin: {
    default: ['q w e r t y u i o p', "a s d f g h j k l '", 'z x c v b n m {bksp}', '{mode} · {clear}'],
  },
  latin: {
    default: [
      'q w e r t y u i o p',
      'a s d f g h j k l',
      '{shift} z x c v b n m {bksp}',
      '{mode} {space} {clear}',
    ],
    shift: [
      'Q W E R T Y U I O P',
      'A S D F G H J K L',
      '{shift} Z X C V B N M {bksp}',
      '{mode} {space} {clear}',
    ],
  },
}

const display = (mode: KeyboardMode, labels: KeyboardLabels) => ({
  '{bksp}': labels.delete,
  '{space}': labels.space,
  '{shift}': labels.shift,
  '{mode}': labels.mode,
  '{clear}': labels.clear,
  "'": labels.apostrophe,
  ...(mode === 'pinyin' ? { v: 'v ü' } : {}),
})

const modeOptions = (mode: KeyboardMode, labels: KeyboardLabels) => ({
  layout: layouts[mode],
  layoutName: 'default',
  display: display(mode, labels),
})

export function mountKeyboard(host: HTMLElement, opts: MountOptions): KeyboardHandle {
  const el = document.createElement('div')
  // simple-keyboard names its instance after the element's class, and refuses an element without one.
  el.className = 'simple-keyboard'
  host.append(el)
  const keyboard = new Keyboard(el as HTMLDivElement, {
    ...modeOptions(opts.mode, opts.labels),
    theme: 'kbd',
    useButtonTag: true,
    disableButtonHold: true,
    onKeyPress: (button: string) => {
      if (button === '{shift}') {
        const next = keyboard.options.layoutName === 'shift' ? 'default' : 'shift'
        keyboard.setOptions({ layoutName: next })
        return
      }
      opts.onKey(button === '{space}' ? ' ' : button)
      keyboard.clearInput()
    },
  })
  return {
    setMode(mode, labels) {
      keyboard.setOptions(modeOptions(mode, labels))
    },
    destroy() {
      keyboard.destroy()
      el.remove()
    },
  }
}
