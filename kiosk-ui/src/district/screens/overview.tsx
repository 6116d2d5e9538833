import { useMemo, useState } from 'preact/hooks'
import { useSignal } from '../../lib/signal.js'
import { ReportLinks } from '../components/report-links.js'
import { StationRow } from '../components/station-row.js'
import { lang, t } from '../i18n.js'
import { alertsByStation, loaded, stations } from '../live.js'
import { districtTree, escalatedBy, SORTS, type SortKey, type Street, totals } from '../overview-model.js'
import { me } from '../session.js'

function GroupHead({
  level,
  name,
  list,
}: {
  level: 'street' | 'community'
  name: string
  list: Street['communities'][number]['stations']
}) {
  const n = totals(list)
  return (
    <div class={`group__head group__head--${level}`}>
      <h3 class="group__name">{name}</h3>
      <span class="muted">
        {t('group.counts', { online: n.online, total: n.stations, alerts: n.alerts })}
      </span>
      <ReportLinks scope={`${level}:${name}`} what={name} />
    </div>
  )
}

/** Every station of the account's scope, grouped street → community → station, live. */
export function OverviewScreen() {
  useSignal(lang)
  const all = useSignal(stations)
  const alerts = useSignal(alertsByStation)
  const ready = useSignal(loaded)
  const who = useSignal(me)
  const [sort, setSort] = useState<SortKey>('place')
  const [onlyAttention, setOnlyAttention] = useState(false)
  const [search, setSearch] = useState('')
  const escalated = useMemo(() => escalatedBy([...alerts.values()].flat()), [alerts])
  const tree = useMemo(
    () => districtTree(all.values(), escalated, { sort, onlyAttention, search }),
    [all, escalated, sort, onlyAttention, search],
  )
  const sum = totals([...all.values()])
  const district = who?.district.name ?? t('report.district')
  return (
    <section>
      <div class="screen__bar">
        <h2 class="screen__title">{district}</h2>
        <ReportLinks scope="district" what={district} />
      </div>
      <p class="summary" data-testid="summary">
        {t('overview.summary', {
          online: sum.online,
          total: sum.stations,
          alerts: sum.alerts,
          visits: sum.visits,
        })}
      </p>
      <div class="tools">
        <input
          class="tools__search"
          type="search"
          placeholder={t('overview.search')}
          aria-label={t('overview.search')}
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
          data-testid="search"
        />
        <label class="tools__sort">
          <span class="visually-hidden">{t('overview.sort')}</span>
          <select value={sort} onChange={(e) => setSort(e.currentTarget.value as SortKey)} data-testid="sort">
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`overview.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={onlyAttention}
            onChange={(e) => setOnlyAttention(e.currentTarget.checked)}
            data-testid="only-attention"
          />
          <span>{t('overview.onlyAttention')}</span>
        </label>
      </div>
      {!ready && <p class="muted">{t('overview.loading')}</p>}
      {ready && all.size === 0 && <p class="muted">{t('overview.empty')}</p>}
      {ready && all.size > 0 && tree.length === 0 && <p class="muted">{t('overview.none')}</p>}
      <div key={lang.value} data-testid="tree">
        {tree.map((street) => (
          <section key={street.name} class="group" data-testid={`street-${street.name}`}>
            <GroupHead
              level="street"
              name={street.name}
              list={street.communities.flatMap((c) => c.stations)}
            />
            {street.communities.map((c) => (
              <section key={c.name} class="group group--community">
                <GroupHead level="community" name={c.name} list={c.stations} />
                <ul class="stations">
                  {c.stations.map((s) => (
                    <StationRow key={s.id} station={s} escalated={escalated.get(s.id) ?? 0} />
                  ))}
                </ul>
              </section>
            ))}
          </section>
        ))}
      </div>
    </section>
  )
}
