import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { NoticeBoard } from './board.js'
import { manageNoticeRoutes } from './manage-routes.js'
import { NoticesSchema } from './schemas.js'

declare module 'fastify' {
  interface FastifyInstance {
    notices: NoticeBoard
  }
}

const noticeRoutes: FastifyPluginAsyncTypebox<{ clock: Clock }> = async (app, { clock }) => {
  app.get(
    '/api/notices',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Community notices shown now: jobs, legal aid, social insurance, health',
        tags: ['kiosk'],
        response: { 200: NoticesSchema },
      },
    },
    async () => ({ notices: app.notices.active(clock.now()) }),
  )
}

export const noticesPlugin = fp(
  async (app, opts: { config: Config; clock: Clock }) => {
    app.decorate(
      'notices',
      await NoticeBoard.open(app.store, opts.config.notices, () => app.bus.emit('notices.changed', {})),
    )
    await app.register(noticeRoutes, { clock: opts.clock })
    await app.register(manageNoticeRoutes, { clock: opts.clock })
  },
  { name: 'notices', dependencies: ['store'] },
)
