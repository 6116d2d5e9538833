import type { Cell } from '../../csv.js'
import { averageAckMinutes, type MonthFigures } from './figures.js'
import { LEVEL_LABEL, platformLabel, purposeLabel } from './labels.js'
import type { MonthlyReport } from './report.js'

const minutes = (s: number) => Math.round((s / 60) * 10) / 10

/** The columns after the place columns, each with its header and how to read it from a line's figures. */
type Column = [string, (f: MonthFigures) => number | null]

function columns(r: MonthlyReport): Column[] {
  return [
    ['签到人次', (f) => f.visits.total],
    ['回访人次', (f) => f.visits.returning],
    ...r.platforms.map((p): Column => [`平台:${platformLabel(p)}`, (f) => f.visits.byPlatform[p] ?? 0]),
    ...r.purposes.map((p): Column => [`事由:${purposeLabel(p)}`, (f) => f.visits.byPurpose[p] ?? 0]),
    ['服务次数', (f) => f.services],
    ['体检报名', (f) => f.screenings.signups],
    ['体检名额', (f) => f.screenings.places],
    ['候补', (f) => f.screenings.waiting],
    ['取消报名', (f) => f.screenings.cancellations],
    ['候补转正', (f) => f.screenings.promoted],
    ['求助', (f) => f.help.total],
    ['告警', (f) => f.alerts.raised],
    ['告警:严重', (f) => f.alerts.critical],
    ['告警:重要', (f) => f.alerts.major],
    ['告警:一般', (f) => f.alerts.minor],
    ['告警:提示', (f) => f.alerts.warning],
    ['已确认告警', (f) => f.alerts.acknowledged],
    ['平均确认用时(分钟)', averageAckMinutes],
    ['最长确认用时(分钟)', (f) => minutes(f.alerts.ackSecondsMax)],
    ['冷链记录天数', (f) => f.coldChain.days],
    ['温度达标天数', (f) => f.coldChain.inRange],
    ['温度超限次数', (f) => f.coldChain.excursions],
    ['药箱补货批次', (f) => f.restocks],
    ['充电柜租用', (f) => f.lockers.rentals],
    ['充电柜故障', (f) => f.lockers.faults],
  ]
}

/**
 * The report as CSV rows (server/csv.ts writes them: BOM, CRLF, quoting): a header row, then one row per
 * station and one per community, street and district sum, each naming its level in the first column. The
 * month is in the file's name, not in a cell: Excel and WPS would read `2026-11` as a date.
 */
export function reportRows(r: MonthlyReport): Cell[][] {
  const cols = columns(r)
  return [
    ['层级', '街道', '社区', '站点编号', '站点', ...cols.map(([h]) => h)],
    ...r.lines.map((l) => [
      LEVEL_LABEL[l.level],
      l.street,
      l.community,
      l.stationId,
      l.name,
      ...cols.map(([, read]) => read(l.figures)),
    ]),
  ]
}
