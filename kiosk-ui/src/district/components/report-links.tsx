import { dayKey } from '../../lib/station-time.js'
import { t } from '../i18n.js'

const FORMATS = ['csv', 'html', 'pdf'] as const

/** `district`, `street:<name>`, `community:<name>` or `station:<id>`: what a monthly report covers. */
export type ReportScope = 'district' | `street:${string}` | `community:${string}` | `station:${string}`

/** The month of today at the stations, YYYY-MM. */
export const thisMonth = (nowMs = Date.now()) => dayKey(nowMs).slice(0, 7)

/** GET /api/reports/monthly (docs/central.md, "Monthly report"). */
export const reportHref = (scope: ReportScope, month: string, format: (typeof FORMATS)[number]) =>
  `/api/reports/monthly?${new URLSearchParams({ month, scope, format })}`

/** The month's report of a station, community, street or the district, as CSV, a printable page or PDF. */
export function ReportLinks({ scope, what }: { scope: ReportScope; what: string }) {
  const month = thisMonth()
  return (
    <span class="reports" data-testid={`report-${scope}`}>
      <span class="reports__label" title={t('report.of', { what, month })}>
        {t('report.label')}
      </span>
      {FORMATS.map((f) => (
        <a
          key={f}
          class="reports__link"
          href={reportHref(scope, month, f)}
          target={f === 'html' ? '_blank' : undefined}
          rel="noopener"
          download={f === 'html' ? undefined : ''}
          aria-label={`${t('report.of', { what, month })} ${t(`report.${f}`)}`}
        >
          {t(`report.${f}`)}
        </a>
      ))}
    </span>
  )
}
