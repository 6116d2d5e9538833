import { useMemo, useState } from 'preact/hooks'
import type uPlot from 'uplot'
import { api } from '../../lib/manage-api.js'
import { problemsOf, temperatureAlert } from '../../lib/manage-device-state.js'
import { openAlerts } from '../../lib/manage-live.js'
import { useSignal } from '../../lib/signal.js'
import type { DeviceState } from '../../lib/types.js'
import { Chart } from '../components/chart.js'
import { temperatureOptions } from '../components/chart-options.js'
import { LoadState } from '../components/form.js'
import { lang, t } from '../i18n.js'
import { href } from '../route.js'
import { useLoad } from '../use-load.js'
import { ColdChainRecord } from './coldchain.js'
import { readingText } from './devices.js'

const DAY_MS = 86_400_000

export function rangeText(r: DeviceState['okRange']): string | null {
  if (!r || (r.min === null && r.max === null)) return null
  if (r.min === null) return t('fridge.rangeMax', { max: r.max ?? '' })
  if (r.max === null) return t('fridge.rangeMin', { min: r.min })
  return t('fridge.range', { min: r.min, max: r.max })
}

/** One fridge: its temperature for the last 24 h or 7 days against its okRange, then its cold-chain record. */
export function FridgeScreen({ device, id }: { device: DeviceState | null; id: string }) {
  const [days, setDays] = useState<1 | 7>(1)
  const history = useLoad(async () => {
    const to = Date.now()
    const from = to - days * DAY_MS
    return { points: await api.history(id, new Date(from), new Date(to)), from, to }
  }, [id, days])
  const points = history.data?.points ?? []
  const spread = points.some((p) => p.min !== undefined)
  const data = useMemo<uPlot.AlignedData>(() => {
    const xs = points.map((p) => p.t / 1000)
    const cols: (number | null)[][] = [points.map((p) => p.v)]
    if (spread)
      cols.push(
        points.map((p) => p.min ?? null),
        points.map((p) => p.max ?? null),
      )
    return [xs, ...cols]
  }, [history.data])
  const range = rangeText(device?.okRange)
  const label = t('fridge.chartLabel', { name: device?.name ?? id, days })
  // The header agrees with the open alerts: an alert says so first, the normal range comes after as such.
  const alerts = useSignal(openAlerts)
  const alert = device ? temperatureAlert(device, alerts) : undefined
  const out = device ? problemsOf(device, []).some((p) => p === 'tooWarm' || p === 'tooCold') : false
  const state = alert
    ? {
        tone: 'alert',
        text: t('fridge.alerting', {
          what: t(alert.type === 'temperature-high' ? 'device.tooWarm' : 'device.tooCold'),
        }),
      }
    : out
      ? { tone: 'out', text: t('fridge.outOfRange') }
      : { tone: 'ok', text: t('device.ok') }
  return (
    <section class="fridge" data-testid="fridge">
      <a class="back" href={href('devices')}>
        ‹ {t('tab.devices')}
      </a>
      <h2 class="screen__title">{device?.name ?? id}</h2>
      <p class="fridge__now">
        <strong class={alert || out ? 'bad' : ''}>{device ? readingText(device) : '—'}</strong>
        {device && (
          <>
            {' · '}
            <span class={`fridge__state--${state.tone}`} data-testid="fridge-state">
              {state.text}
            </span>
          </>
        )}
        {range && <span class="muted"> · {range}</span>}
      </p>
      <fieldset class="segmented">
        <legend class="visually-hidden">{t('fridge.span')}</legend>
        {([1, 7] as const).map((d) => (
          <button
            type="button"
            key={d}
            class={`segmented__item${d === days ? ' segmented__item--on' : ''}`}
            aria-pressed={d === days}
            onClick={() => setDays(d)}
          >
            {t(d === 1 ? 'fridge.day' : 'fridge.week')}
          </button>
        ))}
      </fieldset>
      {points.length > 0 ? (
        <Chart
          data={data}
          label={label}
          optionsKey={`${lang.value}-${days}-${spread}-${JSON.stringify(device?.okRange ?? null)}`}
          options={(U) =>
            temperatureOptions(
              U,
              device?.okRange ?? null,
              { fromSec: (history.data?.from ?? 0) / 1000, toSec: (history.data?.to ?? 0) / 1000, days },
              spread,
              t('fridge.temperature'),
            )
          }
        />
      ) : (
        <LoadState loading={history.loading} error={history.error} empty={t('fridge.noData')} />
      )}
      {range && (
        <p class="chart-key">
          <span class="chart-key__line" /> {t('fridge.temperature')} <span class="chart-key__band" /> {range}
        </p>
      )}
      <ColdChainRecord deviceId={id} okRange={device?.okRange ?? null} />
    </section>
  )
}
