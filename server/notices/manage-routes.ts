import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import type { Clock } from '../clock.js'
import { problemsError, useStrictValidation } from '../http/validation.js'
import { isActive, type Notice } from './board.js'
import { checkNotice } from './input.js'
import { ManagedNoticeSchema, ManagedNoticesSchema, NoticeBody, NoticeParams } from './schemas.js'

const tags = ['manage: notices']
/** 500 characters of Chinese, JSON-escaped, with room to spare. */
const bodyLimit = 16_384

export const manageNoticeRoutes: FastifyPluginAsyncTypebox<{ clock: Clock }> = async (app, { clock }) => {
  useStrictValidation(app)
  const board = app.notices
  const view = (n: Notice) => ({ ...n, expired: !isActive(n, clock.now()) })

  /** The body, checked beyond the schema; every problem named at once. */
  const checked = (body: Static<typeof NoticeBody>) => {
    const { notice, problems } = checkNotice(body)
    const err = problemsError(problems)
    if (err) throw err
    return notice
  }

  app.get(
    '/api/manage/notices',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Every notice, expired ones too',
        tags,
        response: { 200: ManagedNoticesSchema },
      },
    },
    async () => ({ notices: board.all().map(view) }),
  )

  app.post(
    '/api/manage/notices',
    {
      config: { access: 'manager' },
      bodyLimit,
      schema: {
        summary: 'Put up a notice (the hub gives its id)',
        tags,
        body: NoticeBody,
        response: { 201: ManagedNoticeSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send({ notice: view(await board.create(checked(req.body), req.user?.name ?? null)) }),
  )

  app.put(
    '/api/manage/notices/:id',
    {
      config: { access: 'manager' },
      bodyLimit,
      schema: {
        summary: 'Change a notice (the whole of it: `until` left out or null shows it until expired by hand)',
        tags,
        params: NoticeParams,
        body: NoticeBody,
        response: { 200: ManagedNoticeSchema },
      },
    },
    async (req) => {
      board.get(req.params.id) // an unknown id: 404 before the checks beyond the schema
      return { notice: view(await board.update(req.params.id, checked(req.body), req.user?.name ?? null)) }
    },
  )

  app.post(
    '/api/manage/notices/:id/expire',
    {
      config: { access: 'manager' },
      schema: {
        summary: 'Take a notice down now (its `until` becomes now; kept in the list)',
        tags,
        params: NoticeParams,
        response: { 200: ManagedNoticeSchema },
      },
    },
    async (req) => ({ notice: view(await board.expire(req.params.id, clock.now(), req.user?.name ?? null)) }),
  )
}
