import { t } from '../i18n.js'
import { TABS, type Tab } from '../route.js'

// 24-unit stroke icons, drawn here so no icon font ships.
const ICON: Record<Tab, string> = {
  overview: 'M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3zM13 13h8v8h-8z',
  alerts: 'M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zM10 19a2 2 0 0 0 4 0',
  publish: 'M4 11l15-7-4 16-4-6zM11 14l8-10',
  audit: 'M6 3h12v18H6zM9 8h6M9 12h6M9 16h4',
}

/** The page's tabs (the audit log only for the administrator); a badge of critical alerts on Alerts. */
export function Nav({ current, admin, critical }: { current: Tab; admin: boolean; critical: number }) {
  const tabs = TABS.filter((tab) => tab !== 'audit' || admin)
  return (
    <nav
      class="tabs"
      style={{ gridTemplateColumns: `repeat(${tabs.length}, 1fr)` }}
      aria-label={t('tab.label')}
    >
      {tabs.map((tab) => (
        <a
          key={tab}
          href={`#${tab}`}
          class={tab === current ? 'tabs__tab tabs__tab--on' : 'tabs__tab'}
          aria-current={tab === current ? 'page' : undefined}
          data-testid={`tab-${tab}`}
        >
          <svg class="tabs__icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d={ICON[tab]} />
          </svg>
          <span class="tabs__label">{t(`tab.${tab}`)}</span>
          {tab === 'alerts' && critical > 0 && (
            <span class="tabs__badge" data-testid="badge">
              {critical > 99 ? '99+' : critical}
            </span>
          )}
        </a>
      ))}
    </nav>
  )
}
