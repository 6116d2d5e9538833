import { useMemo, useState } from 'preact/hooks'
import type uPlot from 'uplot'
import { api } from '../../lib/manage-api.js'
import { reportCsv } from '../../lib/manage-csv.js'
import { dayStartOf, stationDay, stationMonth } from '../../lib/manage-time.js'
import type { CheckinStats, Period } from '../../lib/manage-types.js'
import type { Choice } from '../../lib/types.js'
import { Chart } from '../components/chart.js'
import { dailyOptions } from '../components/chart-options.js'
import { Field, LoadState } from '../components/form.js'
import { lang, pick, t } from '../i18n.js'
import { useLoad } from '../use-load.js'

const PERIODS: Period[] = ['day', 'week', 'month']
const periodKey = { day: 'stats.day', week: 'stats.week', month: 'stats.month' } as const
const DAYS = 30

/**
 * Counts by choice id as labelled bars, largest first. The hub lists every configured id, 0 included; those
 * are left out, so a phone shows what happened. Ids the config no longer lists are shown as they are.
 */
function Bars({
  counts,
  choices,
  title,
}: {
  counts: Record<string, number>
  choices: Choice[]
  title: string
}) {
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
  const top = Math.max(1, ...rows.map(([, n]) => n))
  const name = (id: string) => {
    const c = choices.find((x) => x.id === id)
    return c ? pick(c) : id
  }
  return (
    <div class="bars">
      <h4>{title}</h4>
      {rows.length === 0 && <p class="muted">{t('stats.noneYet')}</p>}
      {rows.map(([id, n]) => (
        <div class="bars__row" key={id}>
          <span class="bars__name">{name(id)}</span>
          <span class="bars__track">
            <span class="bars__fill" style={{ width: `${(n / top) * 100}%` }} />
          </span>
          <span class="bars__n">{n}</span>
        </div>
      ))}
    </div>
  )
}

export function StatsScreen() {
  const [period, setPeriod] = useState<Period>('day')
  const [month, setMonth] = useState(stationMonth(Date.now()))
  const config = useLoad(() => api.kiosk(), [])
  const stats = useLoad<CheckinStats>(() => api.stats(period), [period])
  const daily = useLoad(() => {
    const to = Date.now()
    return api.daily(stationDay(to - (DAYS - 1) * 86_400_000), stationDay(to))
  }, [])
  const data = useMemo<uPlot.AlignedData>(() => {
    const days = daily.data ?? []
    // Each bar at the station day's noon.
    const noon = (day: string) => ((dayStartOf(day) ?? 0) + 12 * 3_600_000) / 1000
    return [days.map((d) => noon(d.date)), days.map((d) => d.total)]
  }, [daily.data])
  const csv = reportCsv(month)
  return (
    <section data-testid="stats">
      <fieldset class="segmented">
        <legend class="visually-hidden">{t('stats.period')}</legend>
        {PERIODS.map((p) => (
          <button
            type="button"
            key={p}
            class={`segmented__item${p === period ? ' segmented__item--on' : ''}`}
            aria-pressed={p === period}
            onClick={() => setPeriod(p)}
          >
            {t(periodKey[p])}
          </button>
        ))}
      </fieldset>
      {/* The bars wait for the choices' names too (they would show ids a moment); without them, ids. */}
      {stats.data && (config.data || config.error) ? (
        <div class="panel">
          <p class="big-number" data-testid="total">
            <strong>{stats.data.total}</strong> {t('stats.visits')}
          </p>
          <Bars
            counts={stats.data.byPlatform}
            choices={config.data?.platforms ?? []}
            title={t('stats.byPlatform')}
          />
          <Bars
            counts={stats.data.byPurpose}
            choices={config.data?.purposes ?? []}
            title={t('stats.byPurpose')}
          />
        </div>
      ) : (
        <LoadState loading={stats.loading || config.loading} error={stats.error} />
      )}
      <section class="panel">
        <h3>{t('stats.daily', { n: DAYS })}</h3>
        {daily.data ? (
          <Chart
            data={data}
            label={t('stats.daily', { n: DAYS })}
            height={180}
            optionsKey={lang.value}
            options={(U) => dailyOptions(U, t('stats.visits'))}
          />
        ) : (
          <LoadState loading={daily.loading} error={daily.error} />
        )}
      </section>
      <section class="panel">
        <h3>{t('stats.report')}</h3>
        <div class="report">
          <Field label={t('stats.monthLabel')}>
            <input
              type="month"
              name="month"
              value={month}
              max={stationMonth(Date.now())}
              onInput={(e) => setMonth(e.currentTarget.value)}
            />
          </Field>
          {csv ? (
            <a class="btn btn--primary" href={csv} download data-testid="report-csv">
              {t('stats.export')}
            </a>
          ) : (
            <span class="muted">{t('stats.monthBad')}</span>
          )}
        </div>
      </section>
    </section>
  )
}
