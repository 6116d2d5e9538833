import type { Alert, AlertType } from './types.js'

/** The one-line title the manager API and notifications show (docs/manager-api.md: `title: { zh, en }`). */

const LABEL: Record<AlertType, { zh: string; en: string }> = {
  'temperature-high': { zh: '温度过高', en: 'Too warm' },
  'temperature-low': { zh: '温度过低', en: 'Too cold' },
  'door-open': { zh: '门未关', en: 'Door left open' },
  'stock-low': { zh: '库存不足', en: 'Stock low' },
  'batch-expiring': { zh: '批次即将过期', en: 'Batch expiring soon' },
  'batch-expired': { zh: '批次已过期', en: 'Batch expired' },
  'device-offline': { zh: '设备离线', en: 'Device offline' },
  'battery-low': { zh: '电量低', en: 'Battery low' },
  help: { zh: '骑手求助', en: 'Courier needs help' },
  'disk-low': { zh: '存储空间不足', en: 'Disk almost full' },
  'disk-full': { zh: '存储空间已满，无法保存', en: 'Disk full: nothing can be saved' },
  'store-damaged': { zh: '数据文件损坏', en: 'Data files damaged' },
  'locker-jam': { zh: '充电柜柜门打不开', en: 'Locker jammed' },
  'locker-forced': { zh: '充电柜柜门被强行打开', en: 'Locker forced open' },
  'locker-door-open': { zh: '充电柜柜门未关', en: 'Locker door left open' },
  'locker-overdue': { zh: '充电柜超时未取', en: 'Locker not collected in time' },
  'locker-offline': { zh: '充电柜锁控板离线', en: 'Lock board offline' },
}

/** A locker by the number on its door, a lock board by its bus and address. */
function lockerName(a: Alert): { zh: string; en: string } | null {
  if (a.type === 'locker-offline') return { zh: a.subjectName, en: a.subjectName }
  if (a.type.startsWith('locker-')) return { zh: `${a.subjectName} 号柜`, en: `locker ${a.subjectName}` }
  return null
}

const HELP_REASON: Record<string, { zh: string; en: string }> = {
  unwell: { zh: '身体不适', en: 'unwell' },
  injured: { zh: '受伤', en: 'injured' },
  'phone-dead': { zh: '手机没电', en: 'phone dead' },
  other: { zh: '其他', en: 'other' },
}

function detail(a: Alert): { zh: string; en: string } | null {
  // A cleared alert's value is the reading that recovered; its title tells the worst it got.
  const v = a.state === 'cleared' && a.peak !== null ? a.peak : a.value
  if (v === null) return null
  switch (a.type) {
    case 'temperature-high':
    case 'temperature-low':
      return { zh: `${v.toFixed(1)} °C`, en: `${v.toFixed(1)} °C` }
    case 'stock-low':
      return { zh: `剩 ${v}`, en: `${v} left` }
    case 'battery-low':
      return { zh: `${v}%`, en: `${v}%` }
    case 'batch-expiring':
    case 'batch-expired':
      return { zh: `${v} 件`, en: `${v} units` }
    case 'disk-low':
    case 'disk-full':
      return { zh: `已用 ${v}%`, en: `${v}% used` }
    case 'store-damaged':
      return { zh: `约 ${v} 条记录`, en: `about ${v} records` }
    default:
      return null
  }
}

/** e.g. `温度过高：药品冰箱（9.1 °C）` / `Too warm: 药品冰箱 (9.1 °C)`; help: `骑手求助：受伤`. */
export function alertTitle(a: Alert): { zh: string; en: string } {
  const label = LABEL[a.type]
  const name =
    a.type === 'help'
      ? (HELP_REASON[a.subjectName] ?? { zh: a.subjectName, en: a.subjectName })
      : lockerName(a)
  const d = detail(a)
  return {
    zh: `${label.zh}：${name?.zh ?? a.subjectName}${d ? `（${d.zh}）` : ''}`,
    en: `${label.en}: ${name?.en ?? a.subjectName}${d ? ` (${d.en})` : ''}`,
  }
}

/** An alert as the API and the screens show it: with its title in both languages. */
export const present = (a: Alert) => ({ ...a, title: alertTitle(a) })
