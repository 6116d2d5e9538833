import type uPlot from 'uplot'
import { midnightsWithin, stationZone } from '../../lib/manage-time.js'
import { clockTime, dayText } from '../i18n.js'
import type { ChartOptions } from './chart.js'

const ACCENT = '#c8102e'
const OK_FILL = 'rgba(46, 139, 87, 0.12)'
const OK_LINE = 'rgba(46, 139, 87, 0.8)'

/** A station day, unmistakable in either language: 12/3, or 3 Dec. */
const dayLabel = (sec: number) => dayText(sec * 1000)

/**
 * Writes the x axis's labels, as drawn, on the chart's element (`data-x-labels`, `|`-separated): the
 * canvas holds no text a screen reader or a test can read.
 */
const labelled = (labels: string[]): uPlot.Plugin => ({
  hooks: {
    draw: [
      (u) => {
        u.root.dataset.xLabels = labels.join('|')
      },
    ],
  },
})

const axis = { stroke: '#555', grid: { stroke: '#eee', width: 1 }, ticks: { stroke: '#ddd', width: 1 } }

/** Shades the fridge's okRange behind the line; an open bound (food fridges: no minimum) runs to the edge. */
function okBand(range: { min: number | null; max: number | null }): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: [
        (u) => {
          const { ctx, bbox } = u
          const top = range.max === null ? bbox.top : u.valToPos(range.max, 'y', true)
          const bottom = range.min === null ? bbox.top + bbox.height : u.valToPos(range.min, 'y', true)
          ctx.save()
          ctx.beginPath()
          ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height)
          ctx.clip()
          ctx.fillStyle = OK_FILL
          ctx.fillRect(bbox.left, top, bbox.width, bottom - top)
          ctx.strokeStyle = OK_LINE
          ctx.setLineDash([6, 4])
          ctx.lineWidth = 1.5 * devicePixelRatio
          for (const y of [range.max === null ? null : top, range.min === null ? null : bottom]) {
            if (y === null) continue
            ctx.beginPath()
            ctx.moveTo(bbox.left, y)
            ctx.lineTo(bbox.left + bbox.width, y)
            ctx.stroke()
          }
          ctx.restore()
        },
      ],
    },
  }
}

/**
 * Temperature over 24 h (hour labels) or 7 days (a label at each station midnight), over the whole range
 * asked for (`fromSec`–`toSec`), not only where there is data; min/max series when the hub downsampled.
 * Times on the station's clock (uPlot's tzDate), whatever the phone's zone.
 */
export function temperatureOptions(
  U: typeof uPlot,
  okRange: { min: number | null; max: number | null } | null,
  range: { fromSec: number; toSec: number; days: number },
  withSpread: boolean,
  label: string,
): ChartOptions {
  const { fromSec, toSec, days } = range
  const zone = stationZone.value
  const shown: string[] = []
  const record = (labels: string[]) => {
    shown.splice(0, shown.length, ...labels.filter(Boolean))
    return labels
  }
  const series: uPlot.Series[] = [{}, { label, stroke: ACCENT, width: 2 }]
  if (withSpread) {
    series.push({ label: 'min', stroke: '#9aa7b4', width: 1, dash: [3, 3] })
    series.push({ label: 'max', stroke: '#9aa7b4', width: 1, dash: [3, 3] })
  }
  return {
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    plugins: [...(okRange ? [okBand(okRange)] : []), labelled(shown)],
    tzDate: (ts) => U.tzDate(new Date(ts * 1000), zone),
    scales: {
      x: { time: true, range: () => [fromSec, toSec] },
      y: {
        // Keep the whole okRange in view, so "how far out" is visible at a glance.
        range: (_u, lo, hi) => [
          Math.floor(Math.min(lo ?? 0, okRange?.min ?? Number.POSITIVE_INFINITY) - 1),
          Math.ceil(Math.max(hi ?? 0, okRange?.max ?? Number.NEGATIVE_INFINITY) + 1),
        ],
      },
    },
    axes: [
      days > 1
        ? {
            ...axis,
            // One label a day, at its station midnight: uPlot's own splits fell every few hours.
            splits: () => midnightsWithin(fromSec * 1000, toSec * 1000).map((ms) => ms / 1000),
            values: (_u, splits) => record(splits.map(dayLabel)),
          }
        : { ...axis, values: (_u, splits) => record(splits.map((s) => clockTime(s * 1000))) },
      { ...axis, size: 44, values: (_u, splits) => splits.map((s) => `${s}°`) },
    ],
    series,
  }
}

const HALF_DAY_SEC = 43_200

/** A tick under every k-th bar, counted back from today's, so the latest day always has its label. */
export function dayTicks(xs: readonly number[], widthPx: number): number[] {
  const step = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(widthPx / 56))))
  return xs.filter((_, i) => (xs.length - 1 - i) % step === 0)
}

/** Daily check-ins as bars, one a day. */
export function dailyOptions(U: typeof uPlot, label: string): ChartOptions {
  return {
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      // Half a day either side, so the first and last bars (today's) are whole, not cut at the edge.
      x: { time: true, range: (_u, lo, hi) => [(lo ?? 0) - HALF_DAY_SEC, (hi ?? 0) + HALF_DAY_SEC] },
      y: { range: (_u, _lo, hi) => [0, Math.max(5, Math.ceil((hi ?? 0) * 1.15))] },
    },
    axes: [
      {
        ...axis,
        // Labels under the bars themselves (noon of each day), not on uPlot's midnight ticks between them.
        grid: { show: false },
        splits: (u) => dayTicks(u.data[0] as number[], u.bbox.width / devicePixelRatio),
        values: (_u, splits) => splits.map(dayLabel),
      },
      { ...axis, size: 40 },
    ],
    series: [
      {},
      {
        label,
        stroke: ACCENT,
        fill: 'rgba(200, 16, 46, 0.55)',
        width: 0,
        points: { show: false },
        paths: U.paths.bars?.({ size: [0.7, 24] }),
      },
    ],
  }
}
