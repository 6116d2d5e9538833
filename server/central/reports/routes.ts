import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../../clock.js'
import { attachment, sendCsv } from '../../csv.js'
import { useStrictValidation } from '../../http/validation.js'
import { StationTime } from '../../time/station-time.js'
import type { Db } from '../db/db.js'
import { CentralErrors } from '../errors.js'
import { DEFAULT_TIME_ZONE, type Registry, type StationInfo } from '../registry.js'
import { inScope, type Scope } from '../scope/scope.js'
import { reportRows } from './csv.js'
import { reportHtml } from './html.js'
import { printPdf } from './pdf.js'
import { buildReport, type ReportScope } from './report.js'

const ReportQuery = Type.Object(
  {
    month: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}$',
        description: 'YYYY-MM, in the district time zone (default: this month)',
      }),
    ),
    scope: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 210,
        description:
          'district | street:<street> | community:<community> (or community:<street>/<community>) | station:<id>; default: your own scope',
      }),
    ),
    format: Type.Optional(Type.Enum(['csv', 'html', 'pdf'], { description: 'Default html' })),
  },
  { additionalProperties: false },
)

/** The account's own scope as a report scope (the default of `scope`). */
function ownScope(scope: Scope): string {
  switch (scope.level) {
    case 'street':
      return `street:${scope.street}`
    case 'community':
      return `community:${scope.street}/${scope.community}`
    default:
      return 'district'
  }
}

/** The stations `scope=` names, refused when any is outside the account's scope (404 when there are none). */
async function resolve(
  registry: Registry,
  text: string,
  account: Scope,
): Promise<{ scope: ReportScope; stations: StationInfo[] }> {
  const m = /^(district)$|^(street|community|station):(.+)$/.exec(text)
  if (!m) throw new CentralErrors.BAD_SCOPE('scope: expected district, street:…, community:… or station:…')
  const kind = (m[1] ?? m[2]) as ReportScope['kind']
  const name = (m[3] ?? '').normalize('NFC')
  await registry.refresh()
  const all = registry.cached()
  let scope: ReportScope
  let stations: StationInfo[]
  if (kind === 'station') {
    const s = await registry.get(name)
    if (!s) throw new CentralErrors.STATION_NOT_FOUND(name)
    if (!inScope(account, s)) throw new CentralErrors.OUT_OF_SCOPE(name)
    return { scope: { kind, id: s.id }, stations: [s] }
  }
  if (kind === 'district') {
    scope = { kind }
    stations = all
  } else if (kind === 'street') {
    scope = { kind, street: name }
    stations = all.filter((s) => s.street === name)
  } else {
    const slash = name.indexOf('/')
    const street = slash < 0 ? null : name.slice(0, slash)
    const community = slash < 0 ? name : name.slice(slash + 1)
    stations = all.filter((s) => s.community === community && (street === null || s.street === street))
    const streets = [...new Set(stations.map((s) => s.street))]
    if (streets.length > 1)
      throw new CentralErrors.BAD_SCOPE(
        `community: "${community}" is on ${streets.join(', ')}: say which, as community:<street>/<community>`,
      )
    scope = { kind, street: streets[0] ?? street ?? '', community }
  }
  // The district's report is the administrator's and the district staff's; a part, of whoever sees all of it.
  if (kind === 'district' ? account.level !== 'district' : !stations.every((s) => inScope(account, s)))
    throw new CentralErrors.OUT_OF_SCOPE_TARGET(text)
  if (stations.length === 0 && kind !== 'district') throw new CentralErrors.PLACE_NOT_FOUND(text)
  return { scope, stations }
}

/** The monthly report (docs/central.md, "The monthly report"): CSV, a printable A4 page, or its PDF. */
export const reportRoutes: FastifyPluginAsyncTypebox<{
  db: Db
  registry: Registry
  clock: Clock
  district: string
  chromium: string | null
}> = async (app, { db, registry, clock, district, chromium }) => {
  useStrictValidation(app)
  const districtTime = new StationTime(DEFAULT_TIME_ZONE)

  app.get(
    '/api/reports/monthly',
    {
      config: { access: 'staff', scope: 'filtered' },
      schema: {
        summary:
          "A month's figures of a station, a community, a street or the district: CSV, an A4 page, or PDF",
        tags: ['reports'],
        querystring: ReportQuery,
        produces: ['text/csv', 'text/html', 'application/pdf'],
      },
    },
    async (req, reply) => {
      const q = req.query
      const month = q.month ?? districtTime.month(clock.now())
      if (!districtTime.monthDays(month)) throw new CentralErrors.BAD_MONTH()
      const { scope, stations } = await resolve(registry, q.scope ?? ownScope(req.scope), req.scope)
      const report = await buildReport(db, { stations, scope, month, now: clock.now(), district })
      const base = `report-${month}-${scope.kind}${scope.kind === 'station' ? `-${scope.id}` : ''}`
      const format = q.format ?? 'html'
      const named = `${report.title} ${month} 服务月报`
      if (format === 'csv') return sendCsv(reply, `${base}.csv`, reportRows(report), `${named}.csv`)
      const html = reportHtml(report)
      if (format === 'html')
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
      const pdf = await printPdf(html, chromium)
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`${base}.pdf`, `${named}.pdf`))
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  )
}
