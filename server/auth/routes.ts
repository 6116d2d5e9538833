import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Clock } from '../clock.js'
import { Tarpit } from '../http/tarpit.js'
import { useStrictValidation } from '../http/validation.js'
import { sessionCookie } from './cookie.js'
import { AuthErrors } from './errors.js'
import { publicUser } from './login.js'
import type { Auth } from './plugin.js'

const UserSchema = Type.Object(
  {
    name: Type.String({ description: 'Account name.' }),
    role: Type.Enum(['manager', 'staff'], {
      description: 'manager: may change things; staff: may read manage pages and use staff pages.',
    }),
  },
  { $id: 'AuthUser' },
)

const UserReply = Type.Object({ user: Type.Ref('AuthUser') })

const LoginBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)

/** How long a login refused without a password check (busy, too many, waiting) is held before its answer. */
const REFUSAL_HOLD_MS = 2000

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me (docs: server/auth/README.md). */
export const authRoutes: FastifyPluginAsyncTypebox<{ auth: Auth; clock: Clock }> = async (
  app,
  { auth, clock },
) => {
  useStrictValidation(app)
  const tarpit = new Tarpit()
  app.addHook('preClose', async () => tarpit.release())
  app.addSchema(UserSchema)

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Log in with name and password; sets the session cookie',
        description:
          'Wrong name and wrong password answer alike (401 HUB_ERR_BAD_LOGIN). After 5 failures in a row for one name from one address, that name waits before it is checked again from that address: 30 s, doubling after each further failure, up to 15 min (429 HUB_ERR_LOCKED_OUT, with Retry-After), whether or not the account exists; other addresses are not affected. One address may fail 20 times a minute over all names (429 HUB_ERR_TOO_MANY_LOGINS). When the hub is already checking several logins it answers 429 HUB_ERR_LOGIN_BUSY (Retry-After: 1).',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: UserReply },
      },
    },
    async (req, reply) => {
      const result = await auth.authenticator.check(req.body.name, req.body.password, req.ip)
      if (!result.ok) {
        if (result.reason === 'bad-login') throw new AuthErrors.BAD_LOGIN()
        // A refusal made without checking the password is held back a moment (server/http/tarpit.ts), so
        // a flood of guesses cannot make the hub answer refusals as fast as it can.
        if (result.reason === 'busy') {
          await tarpit.hold(REFUSAL_HOLD_MS)
          reply.header('retry-after', 1)
          throw new AuthErrors.LOGIN_BUSY()
        }
        await tarpit.hold(Math.min(REFUSAL_HOLD_MS, result.until - clock.now()))
        reply.header('retry-after', Math.max(1, Math.ceil((result.until - clock.now()) / 1000)))
        const until = new Date(result.until).toISOString()
        throw result.reason === 'locked'
          ? new AuthErrors.LOCKED_OUT(until)
          : new AuthErrors.TOO_MANY_LOGINS(until)
      }
      // A login always makes a new token (no fixation); the browser's previous session, if any, ends here.
      const previous = await auth.sessionOf(req)
      if (previous) await auth.sessions.revoke(previous.id)
      const { token } = await auth.sessions.create(result.user)
      const maxAgeSec = Math.floor(auth.sessions.limits.absoluteMs / 1000)
      reply.header('set-cookie', sessionCookie(token, { maxAgeSec, secure: req.protocol === 'https' }))
      return { user: publicUser(result.user) }
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        summary: 'End this session and clear the cookie (fine without a session too)',
        tags: ['auth'],
        response: { 200: Type.Object({ ok: Type.Literal(true) }) },
      },
    },
    async (req, reply) => {
      const session = await auth.sessionOf(req)
      if (session) await auth.sessions.revoke(session.id)
      reply.header('set-cookie', sessionCookie('', { maxAgeSec: 0, secure: req.protocol === 'https' }))
      return { ok: true as const }
    },
  )

  app.get(
    '/api/auth/me',
    {
      config: { access: 'staff' },
      schema: {
        summary: 'Who is logged in (401 HUB_ERR_LOGIN_REQUIRED without a session)',
        tags: ['auth'],
        response: { 200: UserReply },
      },
    },
    async (req) => ({ user: publicUser(req.user as NonNullable<typeof req.user>) }),
  )
}
