// The kiosk's strings (kiosk/messages/) bound to the one i18n engine of both pages (lib/i18n.ts).
import { createTranslator } from '../lib/i18n.js'
import { en } from './messages/en.js'
import { zh } from './messages/zh.js'

export {
  DEFAULT_LANG,
  type Lang,
  lang,
  locale,
  localized,
  pick,
  setLang,
  toggleLang,
} from '../lib/i18n.js'
export type { MessageKey } from './messages/zh.js'

export const { t, knownKey, tables } = createTranslator<typeof zh>({ 'zh-CN': zh, en })
