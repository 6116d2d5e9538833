import { DEFAULT_TIME_ZONE, StationTime } from '../../time/station-time.js'
import { averageAckMinutes, type MonthFigures } from './figures.js'
import { LEVEL_LABEL, platformLabel, purposeLabel } from './labels.js'
import type { MonthlyReport } from './report.js'

const esc = (s: string | number) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

const monthName = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`

/** Printed on A4 by Chromium (pdf.ts) and by any browser's print: fonts-noto-cjk for the Chinese. */
const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  font-size: 10.5pt; color: #111; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; color: #b71c1c; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 0.4mm solid #b71c1c; padding-bottom: 1mm; }
.meta { color: #444; font-size: 9.5pt; margin-bottom: 4mm; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; }
.card { border: 0.3mm solid #ccc; border-radius: 1.5mm; padding: 2mm 3mm; break-inside: avoid; }
.card b { display: block; font-size: 15pt; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
th, td { border: 0.25mm solid #bbb; padding: 1mm 1.5mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
tr.sum td { font-weight: bold; background: #f6f6f6; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #666; }
@media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 6mm; } }
`

const table = (head: string[], rows: (string | number)[][], sumRows = new Set<number>()) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r, i) =>
        `<tr${sumRows.has(i) ? ' class="sum"' : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`

const counts = (title: string, c: Record<string, number>, label: (id: string) => string) =>
  `<div><h2>${esc(title)}</h2>${table(
    ['项目', '人次'],
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => [label(k), n]),
  )}</div>`

const card = (label: string, value: string | number) =>
  `<div class="card">${esc(label)}<b>${esc(value)}</b></div>`

const ack = (f: MonthFigures) => {
  const avg = averageAckMinutes(f)
  return avg === null ? '—' : `${avg} 分钟`
}

/** The report as a printable A4 page in Chinese. */
export function reportHtml(r: MonthlyReport): string {
  const t = r.total
  const lines = r.lines
  const detail = table(
    [
      '站点 / 合计',
      '签到',
      '服务',
      '体检报名',
      '体检名额',
      '求助',
      '告警',
      '平均确认',
      '冷链达标',
      '补货',
      '充电柜租用',
    ],
    lines.map((l) => [
      l.level === 'station' ? `${l.name}（${l.stationId}）` : `${l.name}`,
      l.figures.visits.total,
      l.figures.services,
      l.figures.screenings.signups,
      l.figures.screenings.places,
      l.figures.help.total,
      l.figures.alerts.raised,
      ack(l.figures),
      `${l.figures.coldChain.inRange}/${l.figures.coldChain.days}`,
      l.figures.restocks,
      l.figures.lockers.rentals,
    ]),
    new Set(lines.flatMap((l, i) => (l.level === 'station' ? [] : [i]))),
  )
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>${esc(r.title)} ${monthName(r.month)} 红色驿站服务月报</title>
<style>${STYLE}</style></head>
<body>
<h1>${esc(r.title)} · ${monthName(r.month)} 红色驿站服务月报</h1>
<div class="meta">统计范围：${esc(scopeText(r))} · 站点 ${lines.filter((l) => l.level === 'station').length} 个 · 生成时间 ${esc(new StationTime(DEFAULT_TIME_ZONE).dateTime(r.generatedAt))}（北京时间）</div>
<h2>本月概况</h2>
<div class="cards">
${card('签到人次', t.visits.total)}${card('服务次数', t.services)}${card('体检报名', t.screenings.signups)}${card('求助', t.help.total)}
${card('告警', t.alerts.raised)}${card('平均确认用时', ack(t))}${card('冷链达标天数', `${t.coldChain.inRange}/${t.coldChain.days}`)}${card('药箱补货批次', t.restocks)}
</div>
<div class="two">
${counts('签到人次（按平台）', t.visits.byPlatform, platformLabel)}
${counts('签到人次（按事由）', t.visits.byPurpose, purposeLabel)}
</div>
<h2>健康体检与求助</h2>
${table(
  ['报名', '获得名额', '候补', '取消', '候补转正', '求助'],
  [
    [
      t.screenings.signups,
      t.screenings.places,
      t.screenings.waiting,
      t.screenings.cancellations,
      t.screenings.promoted,
      t.help.total,
    ],
  ],
)}
<h2>告警与冷链</h2>
${table(
  [
    '告警',
    '严重',
    '重要',
    '一般',
    '提示',
    '已确认',
    '平均确认用时',
    '最长确认用时',
    '冷链记录天数',
    '温度达标天数',
    '温度超限次数',
  ],
  [
    [
      t.alerts.raised,
      t.alerts.critical,
      t.alerts.major,
      t.alerts.minor,
      t.alerts.warning,
      t.alerts.acknowledged,
      ack(t),
      `${Math.round((t.alerts.ackSecondsMax / 60) * 10) / 10} 分钟`,
      t.coldChain.days,
      t.coldChain.inRange,
      t.coldChain.excursions,
    ],
  ],
)}
<h2>补货与充电柜</h2>
${table(['药箱补货批次', '充电柜租用', '充电柜故障'], [[t.restocks, t.lockers.rentals, t.lockers.faults]])}
<h2>各站明细</h2>
${detail}
<footer>服务次数 = 签到所选服务项 + 求助 + 充电柜租用。数据来自各驿站上传的统计（不含任何个人信息），按驿站所在时区的自然日计。${esc(LEVEL_LABEL.district)}等于各街道之和，街道等于其各站之和。</footer>
</body></html>`
}

function scopeText(r: MonthlyReport): string {
  switch (r.scope.kind) {
    case 'district':
      return `${r.district}全辖区`
    case 'street':
      return r.scope.street
    case 'community':
      return `${r.scope.street} ${r.scope.community}`
    case 'station':
      return `站点 ${r.scope.id}`
  }
}
