import { memo } from 'preact/compat'
import { t } from '../i18n.js'
import { stationHref } from '../route.js'
import type { Station } from '../types.js'
import { Ago } from './ago.js'

function Fridge({ s }: { s: Station }) {
  const f = s.fridge
  if (!f) return <span class="muted">{t('station.fridgeNone')}</span>
  if (f.offline) return <span class="warn">{t('station.fridgeOffline')}</span>
  const temp = f.temperature === null ? '—' : f.temperature.toFixed(1)
  return f.alert ? (
    <span class="bad">{t('station.fridgeWarm', { t: temp })}</span>
  ) : (
    <span>{t('station.fridgeOk', { t: temp })}</span>
  )
}

function Alerts({ s, escalated }: { s: Station; escalated: number }) {
  const a = s.openAlerts
  if (a.total === 0) return <span class="muted">{t('station.noAlerts')}</span>
  return (
    <span class="counts">
      {(['critical', 'major', 'minor', 'warning'] as const).map((sev) =>
        a[sev] > 0 ? (
          <span key={sev} class={`tag tag--${sev}`} data-testid={`count-${sev}`}>
            {t(`severity.${sev}`)} {a[sev]}
          </span>
        ) : null,
      )}
      {escalated > 0 && <span class="tag tag--escalated">{t('alerts.escalated')}</span>}
    </span>
  )
}

/**
 * One station of the overview: a link to its page. Memoised on the station object, which the live feed
 * replaces only when that station changed, so an event re-renders one row, not a thousand.
 */
export const StationRow = memo(function StationRow({
  station: s,
  escalated,
}: {
  station: Station
  escalated: number
}) {
  return (
    <li>
      <a
        class={`stn${s.online ? '' : ' stn--dark'}${s.openAlerts.critical > 0 ? ' stn--critical' : ''}`}
        href={stationHref(s.id)}
        data-testid={`station-${s.id}`}
        data-online={String(s.online)}
        aria-label={t('station.open', { name: s.name })}
      >
        <span class="stn__head">
          <span class={`dot ${s.online ? 'dot--on' : 'dot--off'}`} aria-hidden="true" />
          <strong class="stn__name">{s.name}</strong>
          <span class="stn__state" data-testid="state">
            {s.stateAt === null && !s.online ? (
              t('station.never')
            ) : s.online ? (
              t('station.online')
            ) : (
              <>
                {t('station.offline')} · <Ago at={s.stateAt ?? s.lastSeen} />
              </>
            )}
          </span>
        </span>
        <span class="stn__facts">
          <Alerts s={s} escalated={escalated} />
          <span class="stn__fact">
            {t('station.fridge')} <Fridge s={s} />
          </span>
          <span class={`stn__fact${s.restockNeeded > 0 ? ' warn' : ''}`}>
            {s.restockNeeded > 0 ? t('station.restock', { n: s.restockNeeded }) : t('station.stockOk')}
          </span>
          <span class="stn__fact">{t('station.visits', { n: s.today.checkins })}</span>
        </span>
      </a>
    </li>
  )
})
