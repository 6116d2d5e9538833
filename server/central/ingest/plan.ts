import type {
  AlertData,
  CheckinData,
  ColdChainDayData,
  ColdChainExcursionData,
  CommandResultData,
  DeviceStateData,
  EventType,
  HelpData,
  ScreeningSignupData,
  StockLevelData,
  StockRestockedData,
  UplinkEvent,
} from '../../uplink/protocol.js'

/** One count to add: `n` more of `metric` (and `key`) on a station-time day. */
export interface CountRow {
  day: string
  metric: string
  key: string
  n: number
}

/**
 * What a run of new events changes, worked out in memory before any SQL: counts added up per (day, metric,
 * key), and for the latest-state tables only the last event of each thing (by seq) with its seq, so one
 * statement per table does the whole batch.
 */
export interface Plan {
  counts: CountRow[]
  devices: Array<DeviceStateData & { seq: number }>
  alerts: Array<AlertData & { seq: number }>
  stock: Array<StockLevelData & { seq: number }>
  stockRemoved: Array<{ itemId: string; seq: number }>
  screenings: Array<{ screeningId: string; title: string; seq: number }>
  coldDays: Array<ColdChainDayData & { seq: number }>
  excursions: Array<ColdChainExcursionData & { seq: number }>
  /** Results of the district's commands, with the seq and time of the event that reported each. */
  results: Array<CommandResultData & { seq: number; at: string }>
}

/** The metrics of daily_counts (docs/central.md). */
export const METRIC = {
  checkin: 'checkin',
  returning: 'checkin.returning',
  platform: 'checkin.platform',
  purpose: 'checkin.purpose',
  signup: 'screening.signup',
  /** Of the sign-ups, those put on the waiting list (the screening was full). */
  waiting: 'screening.waiting',
  cancel: 'screening.cancel',
  promoted: 'screening.promoted',
  help: 'help',
  helpReason: 'help.reason',
  /** Batches put in the medicine box, by item. */
  restock: 'stock.restock',
} as const

export function planOf(events: ReadonlyArray<UplinkEvent & { type: EventType }>): Plan {
  const counts = new Map<string, CountRow>()
  const add = (day: string, metric: string, key = '') => {
    const k = `${day}\0${metric}\0${key}`
    const row = counts.get(k)
    if (row) row.n++
    else counts.set(k, { day, metric, key, n: 1 })
  }
  const last = <T>(map: Map<string, T & { seq: number }>, id: string, seq: number, value: T) =>
    map.set(id, { ...value, seq })
  const devices = new Map<string, DeviceStateData & { seq: number }>()
  const alerts = new Map<string, AlertData & { seq: number }>()
  const stock = new Map<string, StockLevelData & { seq: number }>()
  const stockRemoved = new Map<string, { itemId: string; seq: number }>()
  const screenings = new Map<string, { screeningId: string; title: string; seq: number }>()
  const coldDays = new Map<string, ColdChainDayData & { seq: number }>()
  const excursions = new Map<string, ColdChainExcursionData & { seq: number }>()
  const results: Plan['results'] = []

  for (const e of events) {
    const d = e.data as never
    switch (e.type) {
      case 'checkin': {
        const c = d as CheckinData
        add(c.day, METRIC.checkin)
        if (c.returning) add(c.day, METRIC.returning)
        add(c.day, METRIC.platform, c.platform)
        for (const p of new Set(c.purposes)) add(c.day, METRIC.purpose, p)
        break
      }
      case 'screening.signup':
      case 'screening.cancel':
      case 'screening.promoted': {
        const s = d as ScreeningSignupData
        const metric =
          e.type === 'screening.signup'
            ? METRIC.signup
            : e.type === 'screening.cancel'
              ? METRIC.cancel
              : METRIC.promoted
        add(s.day, metric, s.screeningId)
        if (e.type === 'screening.signup' && s.status === 'waiting') add(s.day, METRIC.waiting, s.screeningId)
        last(screenings, s.screeningId, e.seq, { screeningId: s.screeningId, title: s.title })
        break
      }
      case 'help': {
        const h = d as HelpData
        add(h.day, METRIC.help)
        add(h.day, METRIC.helpReason, h.reason)
        break
      }
      case 'device.state':
        last(devices, (d as DeviceStateData).deviceId, e.seq, d as DeviceStateData)
        break
      case 'alert.raised':
      case 'alert.acknowledged':
      case 'alert.cleared':
        last(alerts, (d as AlertData).alertId, e.seq, d as AlertData)
        break
      case 'stock.level':
        stockRemoved.delete((d as StockLevelData).itemId)
        last(stock, (d as StockLevelData).itemId, e.seq, d as StockLevelData)
        break
      case 'stock.removed': {
        const id = (d as { itemId: string }).itemId
        stock.delete(id)
        stockRemoved.set(id, { itemId: id, seq: e.seq })
        break
      }
      case 'coldchain.day': {
        const c = d as ColdChainDayData
        last(coldDays, `${c.deviceId}\0${c.day}`, e.seq, c)
        break
      }
      case 'coldchain.excursion':
        last(excursions, (d as ColdChainExcursionData).excursionId, e.seq, d as ColdChainExcursionData)
        break
      case 'stock.restocked':
        add((d as StockRestockedData).day, METRIC.restock, (d as StockRestockedData).itemId)
        break
      case 'command.result':
        results.push({ ...(d as CommandResultData), seq: e.seq, at: e.at })
        break
      // locker.* (reserved for issue 13) are kept in events only, for now.
      default:
        break
    }
  }
  return {
    counts: [...counts.values()],
    devices: [...devices.values()],
    alerts: [...alerts.values()],
    stock: [...stock.values()],
    stockRemoved: [...stockRemoved.values()],
    screenings: [...screenings.values()],
    coldDays: [...coldDays.values()],
    excursions: [...excursions.values()],
    results,
  }
}
