import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import { useStrictValidation } from '../http/validation.js'
import { DAY } from '../time/station-time.js'
import type { LockerCore } from './core.js'
import { lockerErrorHandler } from './errors.js'
import { managerOpen, setService } from './manage.js'
import {
  DaySchema,
  FiguresQuery,
  IdParams,
  ManagedLockersSchema,
  OpenBody,
  OpenResult,
  ServiceBody,
} from './schemas.js'
import { figures, managed } from './views.js'

const tags = ['manage: lockers']
const LockerOne = Type.Object({ locker: Type.Object({ id: Type.String(), label: Type.String() }) })

/** The console's side: every locker live, opening one with a reason, out of service and back, figures. */
export const manageLockerRoutes: FastifyPluginAsyncTypebox<{ core: LockerCore; clock: Clock }> = async (
  app,
  { core, clock },
) => {
  useStrictValidation(app)
  app.setErrorHandler(lockerErrorHandler)
  const who = (user: { name: string } | null | undefined) => user?.name ?? 'unknown'

  app.get(
    '/api/manage/lockers',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Every locker: door, board, service, current rental (phone masked) and its age; every bus',
        tags,
        response: { 200: ManagedLockersSchema },
      },
    },
    async () => managed(core),
  )

  app.post(
    '/api/manage/lockers/:id/open',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Open a locker from the console, with a reason (recorded with who)',
        description:
          'Answered with what the board showed: opened, already-open or jammed (a jam also takes it out of service). 503 HUB_ERR_LOCKER_UNAVAILABLE when its board cannot be reached: nothing fires later.',
        tags,
        params: IdParams,
        body: OpenBody,
        response: { 200: OpenResult },
      },
    },
    async (req) => {
      const r = await managerOpen(
        core,
        req.params.id,
        who(req.user),
        req.body.reason,
        req.body.endRental ?? false,
      )
      return { locker: { id: r.locker.id, label: r.locker.label }, outcome: r.outcome }
    },
  )

  app.post(
    '/api/manage/lockers/:id/service',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Take a locker out of service, or put it back, with a reason (recorded with who)',
        tags,
        params: IdParams,
        body: ServiceBody,
        response: { 200: LockerOne },
      },
    },
    async (req) => {
      const l = await setService(core, req.params.id, req.body.inService, who(req.user), req.body.reason)
      return { locker: { id: l.id, label: l.label } }
    },
  )

  app.get(
    '/api/manage/lockers/figures',
    {
      config: { access: 'staff' },
      schema: {
        summary:
          'Locker figures per station day: rentals, ended, overdue, cancelled, minutes, openings, faults',
        description: 'Both ends included; default the 30 days up to today. Nothing personal.',
        tags,
        querystring: FiguresQuery,
        response: { 200: Type.Object({ days: Type.Array(DaySchema) }) },
      },
    },
    async (req) => {
      const now = clock.now()
      const to = req.query.to ?? app.time.day(now)
      const from = req.query.from ?? app.time.day(now - 29 * DAY)
      return { days: figures(core, app.time, from, to) }
    },
  )
}
