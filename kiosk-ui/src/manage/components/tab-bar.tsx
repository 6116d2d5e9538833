import { type PlainKey, t } from '../i18n.js'
import { href, TABS, type Tab } from '../route.js'

// Stroke icons on a 24-unit grid, drawn here so no icon font or sprite ships.
const icons: Record<Tab, string> = {
  alerts: 'M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zM10 19a2 2 0 0 0 4 0',
  devices: 'M7 2h10v20H7zM7 9h10M10 5v2M10 12v3',
  stock: 'M4 7h16v13H4zM9 7V4h6v3M12 10v7M8.5 13.5h7',
  lockers: 'M5 3h14v18H5zM12 3v18M9 11v2M15 11v2',
  screenings: 'M8 3h8v3H8zM5 5h14v16H5zM8 13h2l1.5-3 2 6 1.5-3h1',
  notices: 'M5 3h10l4 4v14H5zM9 11h6M9 15h6',
  stats: 'M5 20v-9M12 20V5M19 20v-6M3 20h18',
}

const labels: Record<Tab, PlainKey> = {
  alerts: 'tab.alerts',
  devices: 'tab.devices',
  stock: 'tab.stock',
  lockers: 'tab.lockers',
  screenings: 'tab.screenings',
  notices: 'tab.notices',
  stats: 'tab.stats',
}

export function TabBar({ current, badge }: { current: Tab; badge: number }) {
  return (
    <nav class="tabs" aria-label={t('tab.label')}>
      {TABS.map((tab) => (
        <a
          key={tab}
          class={`tabs__tab${tab === current ? ' tabs__tab--on' : ''}`}
          href={href(tab)}
          aria-current={tab === current ? 'page' : undefined}
          data-testid={`tab-${tab}`}
        >
          <svg class="tabs__icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d={icons[tab]} />
          </svg>
          <span class="tabs__label">{t(labels[tab])}</span>
          {tab === 'alerts' && badge > 0 && (
            <>
              <span class="tabs__badge" data-testid="badge" aria-hidden="true">
                {badge > 99 ? '99+' : badge}
              </span>
              <span class="visually-hidden">{t('alerts.badge', { n: badge })}</span>
            </>
          )}
        </a>
      ))}
    </nav>
  )
}
