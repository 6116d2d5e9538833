import { useEffect } from 'preact/hooks'
import { useSignal } from '../../lib/signal.js'
import { api } from '../api.js'
import { Ago } from '../components/ago.js'
import { AlertCard } from '../components/alert-card.js'
import { ColdChart, VisitsChart } from '../components/charts.js'
import { ReportLinks } from '../components/report-links.js'
import { lang, t, when } from '../i18n.js'
import { changed } from '../live.js'
import type { ColdDay, Device, Excursion, StockLine } from '../types.js'
import { useLoad } from '../use-load.js'

function reading(d: Device): string {
  const r = d.reading ?? {}
  if (typeof r.temperature === 'number') return `${r.temperature.toFixed(1)}°C`
  if (typeof r.contact === 'boolean') return r.contact ? '✓' : '✗'
  if (typeof r.count === 'number') return String(r.count)
  return ''
}

/** One station as the district knows it: devices, open alerts (acknowledged from here), stock, cold chain. */
export function StationScreen({ id }: { id: string }) {
  useSignal(lang)
  const detail = useLoad(() => api.station(id), [id])
  const daily = useLoad(() => api.daily(id), [id])
  const news = useSignal(changed)
  // The live feed says this station changed (an alert, a command's result, going dark): read it again.
  useEffect(() => {
    if (news.id === id) void detail.reload()
  }, [news])
  const d = detail.data
  if (!d)
    return (
      <section>
        <a class="back" href="#overview">
          {t('station.back')}
        </a>
        <p class={detail.error ? 'form-error' : 'muted'}>{detail.error ?? t('station.loading')}</p>
      </section>
    )
  const s = d.station
  const devices = d.devices as unknown as Device[]
  const stock = d.stock as unknown as StockLine[]
  const cold = d.coldChain as unknown as { days: ColdDay[]; excursions: Excursion[] }
  return (
    <section data-testid="station-page">
      <a class="back" href="#overview">
        {t('station.back')}
      </a>
      <div class="screen__bar">
        <div>
          <h2 class="screen__title">{s.name}</h2>
          <p class="muted">{t('station.where', { street: s.street, community: s.community })}</p>
        </div>
        <span class={`pill ${s.online ? 'pill--on' : 'pill--off'}`} data-testid="online">
          {s.online ? t('station.online') : t('station.offline')} · <Ago at={s.stateAt ?? s.lastSeen} />
        </span>
      </div>
      <p class="muted">
        {t('station.today', { checkins: d.today.checkins.total, help: d.today.help.total })}
        {s.backlog > 0 && ` · ${t('station.backlog', { n: s.backlog })}`}
      </p>
      <ReportLinks scope={`station:${s.id}`} what={s.name} />

      <h3 class="section">{t('station.openAlerts')}</h3>
      {d.alerts.length === 0 ? (
        <p class="muted">{t('station.noAlerts')}</p>
      ) : (
        <ul class="list">
          {d.alerts.map((a) => (
            <AlertCard key={a.alertId} alert={a} onChange={() => void detail.reload()} />
          ))}
        </ul>
      )}

      <div class="cols">
        <div>
          <h3 class="section">{t('station.devices')}</h3>
          {devices.length === 0 && <p class="muted">{t('station.noDevices')}</p>}
          <ul class="plain">
            {devices.map((v) => (
              <li key={v.deviceId} class="line" data-testid={`device-${v.deviceId}`}>
                <span class={`dot ${v.online ? 'dot--on' : 'dot--off'}`} aria-hidden="true" />
                <span class="line__name">{v.name}</span>
                <span class="mono">{reading(v)}</span>
                <span class={v.online ? 'muted' : 'bad'}>
                  {v.online ? t('station.deviceOnline') : t('station.deviceOffline')}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 class="section">{t('station.stock')}</h3>
          {stock.length === 0 && <p class="muted">{t('station.noStock')}</p>}
          <ul class="plain">
            {stock.map((i) => (
              <li key={i.itemId} class="line">
                <span class="line__name">{i.name}</span>
                <span class="mono">
                  {t('station.stockLine', { count: i.count, unit: i.unit, min: i.min })}
                </span>
                {i.needsRestock && <span class="tag tag--major">{t('station.needsRestock')}</span>}
              </li>
            ))}
          </ul>
        </div>
      </div>

      <h3 class="section">{t('station.visitsChart')}</h3>
      {daily.data && <VisitsChart days={daily.data} />}

      <h3 class="section">{t('station.coldChain')}</h3>
      {cold.days.length === 0 ? (
        <p class="muted">{t('station.coldNone')}</p>
      ) : (
        <>
          <p class="muted">{t('station.tempChart')}</p>
          <ColdChart days={cold.days} />
          <ul class="plain">
            {cold.days.slice(0, 7).map((c) => (
              <li key={`${c.deviceId}${c.day}`} class="line mono">
                {t('station.coldDay', { day: c.day, min: c.min ?? '—', max: c.max ?? '—' })}
              </li>
            ))}
          </ul>
        </>
      )}
      {cold.excursions.length > 0 && (
        <>
          <h4>{t('station.excursions')}</h4>
          <ul class="plain">
            {cold.excursions.map((x) => (
              <li key={x.excursionId} class="line">
                {t('station.excursion', { start: when(x.start), min: x.durationMin, peak: x.peak ?? '—' })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
