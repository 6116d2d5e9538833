import { signal } from './signal.js'

export type Lang = 'zh-CN' | 'en'

// Every string the UI shows. Chinese is the source table; `{name}` marks a parameter.
const zh = {
  'app.title': '红色驿站',
  'app.connecting': '正在连接驿站主机…',
  'lang.switch': 'English',
  'lang.switchLabel': '切换语言',
  'link.lost': '与驿站主机的连接已断开，正在重新连接…',
  'devices.none': '还没有登记任何设备',
  'devices.label': '设备状态',
  'kind.temperature': '温度',
  'kind.door': '门',
  'kind.stock': '库存',
  'status.online': '在线',
  'status.offline': '离线',
  'reading.none': '暂无读数',
  'reading.temperature': '{value} °C',
  'reading.doorClosed': '关闭',
  'reading.doorOpen': '打开',
  'reading.count': '{count} 件',
  'reading.grams': '{weight} 克',
  'reading.kilograms': '{weight} 千克',
  'ago.never': '尚无更新',
  'ago.seconds': '{n} 秒前更新',
  'ago.minutes': '{n} 分钟前更新',
  'ago.hours': '{n} 小时前更新',
  'ago.days': '{n} 天前更新',
  'battery.low': '电量低',
  'battery.lowPercent': '电量低 {percent}%',
  'rejected.count': '异常消息 {n} 条',
  'unregistered.title': '未登记的设备',
  'unregistered.guess': '可能是：{kind}',
  'unregistered.messages': '{n} 条消息',
} as const

export type MessageKey = keyof typeof zh

// A key missing here is a compile error.
const en: { readonly [K in MessageKey]: string } = {
  'app.title': 'Red Station',
  'app.connecting': 'Connecting to the station hub…',
  'lang.switch': '中文',
  'lang.switchLabel': 'Switch language',
  'link.lost': 'Lost the connection to the station hub, reconnecting…',
  'devices.none': 'No devices registered yet',
  'devices.label': 'Devices',
  'kind.temperature': 'Temperature',
  'kind.door': 'Door',
  'kind.stock': 'Stock',
  'status.online': 'Online',
  'status.offline': 'Offline',
  'reading.none': 'No reading yet',
  'reading.temperature': '{value} °C',
  'reading.doorClosed': 'Closed',
  'reading.doorOpen': 'Open',
  'reading.count': '{count} left',
  'reading.grams': '{weight} g',
  'reading.kilograms': '{weight} kg',
  'ago.never': 'Not updated yet',
  'ago.seconds': 'Updated {n} s ago',
  'ago.minutes': 'Updated {n} min ago',
  'ago.hours': 'Updated {n} h ago',
  'ago.days': 'Updated {n} d ago',
  'battery.low': 'Battery low',
  'battery.lowPercent': 'Battery low {percent}%',
  'rejected.count': '{n} bad messages',
  'unregistered.title': 'Unregistered devices',
  'unregistered.guess': 'Looks like: {kind}',
  'unregistered.messages': '{n} messages',
}

const tables: Record<Lang, { readonly [K in MessageKey]: string }> = { 'zh-CN': zh, en }

/** The parameter names a message uses, read from its Chinese text. */
type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | ParamNames<Rest>
  : never
type ParamsFor<K extends MessageKey> = [ParamNames<(typeof zh)[K]>] extends [never]
  ? []
  : [params: Record<ParamNames<(typeof zh)[K]>, string | number>]

export const lang = signal<Lang>('zh-CN')

export function t<K extends MessageKey>(key: K, ...params: ParamsFor<K>): string {
  const text: string = tables[lang.value][key]
  const values: Record<string, string | number> | undefined = params[0]
  if (!values) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
}

export function setLang(next: Lang): void {
  lang.value = next
  // The lang attribute also picks the right CJK glyph forms in the font stack.
  document.documentElement.lang = next
  document.title = t('app.title')
}

export function toggleLang(): void {
  setLang(lang.value === 'zh-CN' ? 'en' : 'zh-CN')
}
