import { useMemo } from 'preact/hooks'
import { Chart } from '../../lib/chart.js'
import { t } from '../i18n.js'
import type { ColdDay, Day } from '../types.js'

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000

/** The fridge's daily lowest and highest, from the station's cold-chain record (the warmest device per day). */
export function ColdChart({ days }: { days: ColdDay[] }) {
  const data = useMemo(() => {
    const byDay = new Map<string, { min: number | null; max: number | null }>()
    for (const d of days) {
      const was = byDay.get(d.day)
      byDay.set(d.day, {
        min: was?.min == null ? d.min : d.min == null ? was.min : Math.min(was.min, d.min),
        max: was?.max == null ? d.max : d.max == null ? was.max : Math.max(was.max, d.max),
      })
    }
    const list = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))
    return [list.map(([d]) => dayMs(d)), list.map(([, v]) => v.min), list.map(([, v]) => v.max)] as [
      number[],
      (number | null)[],
      (number | null)[],
    ]
  }, [days])
  return (
    <Chart
      data={data}
      optionsKey="cold"
      height={180}
      label={t('station.tempChart')}
      failedText={t('chart.failed')}
      options={() => ({
        series: [
          {},
          { label: t('chart.min'), stroke: '#5b7a99', width: 2 },
          { label: t('chart.max'), stroke: '#c8102e', width: 2 },
        ],
        axes: [{}, { size: 40 }],
      })}
    />
  )
}

/** Check-ins per day, bars. */
export function VisitsChart({ days }: { days: Day[] }) {
  const data = useMemo(
    () => [days.map((d) => dayMs(d.day)), days.map((d) => d.checkins)] as [number[], number[]],
    [days],
  )
  return (
    <Chart
      data={data}
      optionsKey="visits"
      height={180}
      label={t('station.visitsChart')}
      failedText={t('chart.failed')}
      options={(U) => ({
        series: [
          {},
          {
            label: t('chart.visits'),
            stroke: '#c8102e',
            fill: 'rgba(200,16,46,0.25)',
            paths: U.paths.bars?.({ size: [0.6, 40] }),
          },
        ],
        axes: [{}, { size: 40 }],
      })}
    />
  )
}
