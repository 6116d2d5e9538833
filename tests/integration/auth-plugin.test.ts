import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { Server } from 'socket.io'
import { type Socket as ClientSocket, io as connect } from 'socket.io-client'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/auth/password.js'
import { type AuthOptions, authPlugin, type ConfigUser } from '../../server/auth/plugin.js'
import { removeAccount, saveAccount } from '../../server/auth/users-admin.js'
import { systemClock } from '../../server/clock.js'
import { openTestStore } from '../support/store.js'

const repo = fileURLToPath(new URL('../../', import.meta.url))

/** A bare Fastify instance with the auth plugin, sample routes of each access, and a /manager namespace. */
async function startApp(dataDir: string, opts: Partial<AuthOptions> = {}, server: FastifyServerOptions = {}) {
  const app = Fastify({ logger: false, ...server }).withTypeProvider<TypeBoxTypeProvider>()
  const store = await openTestStore(dataDir)
  app.addHook('onClose', () => store.close())
  await app.register(authPlugin, { store, clock: systemClock, ...opts })
  await app.register(async (r) => {
    r.get('/api/notices', { config: { access: 'public' } }, async (req) => ({ notices: [], user: req.user }))
    r.get('/api/visits', { config: { access: 'staff' } }, async (req) => ({ visits: 3, by: req.user?.name }))
    r.get('/api/stock', { config: { access: 'manager' } }, async () => ({ bandages: 12 }))
    r.post('/api/stock', { config: { access: 'manager' } }, async () => ({ bandages: 13 }))
    r.get(
      '/api/audit',
      { config: { access: 'manager' }, preHandler: r.requireRole('manager') },
      async () => ({
        entries: [],
      }),
    )
  })
  const io = new Server(app.server, { serveClient: false })
  const manager = io.of('/manager')
  app.authorizeSocket(manager)
  manager.on('connection', (socket) => socket.emit('hello', socket.data.user))
  app.addHook('preClose', async () => {
    io.engine.close()
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  return { app, url }
}

type App = Awaited<ReturnType<typeof startApp>>

async function call(url: string, method: string, cookie?: string, body?: unknown, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

/** Logs in and returns the cookie to send back ("name=value"), as a browser would keep it. */
async function login(url: string, name: string, password: string) {
  const res = await call(`${url}/api/auth/login`, 'POST', undefined, { name, password })
  const setCookie = res.headers.getSetCookie()[0] ?? ''
  return { ...res, setCookie, cookie: setCookie.split(';')[0] as string }
}

/** A login from another loopback address (127.0.0.0/8 is all this machine's), as a second phone would. */
function loginFrom(
  localAddress: string,
  url: string,
  name: string,
  password: string,
): Promise<{ status: number; body: { code?: string } }> {
  const body = JSON.stringify({ name, password })
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/auth/login`,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

function socketTo(
  url: string,
  cookie?: string,
): Promise<{ socket: ClientSocket; hello?: unknown; error?: string }> {
  const socket = connect(`${url}/manager`, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: cookie ? { cookie } : {},
  })
  return new Promise((resolve) => {
    socket.on('hello', (hello) => resolve({ socket, hello }))
    socket.on('connect_error', (err) => resolve({ socket, error: err.message }))
  })
}

const users: ConfigUser[] = []

beforeAll(async () => {
  users.push(
    { name: 'li', role: 'manager', passwordHash: await hashPassword('li-password') },
    { name: '张伟', role: 'staff', passwordHash: await hashPassword('zhang-password') },
  )
})

let dataDir: string
let running: App | undefined
const sockets: ClientSocket[] = []

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'redstation-auth-'))
})
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close()
  await running?.app.close()
  running = undefined
  await rm(dataDir, { recursive: true, force: true })
})

async function start(opts: Partial<AuthOptions> = {}, server: FastifyServerOptions = {}) {
  running = await startApp(dataDir, { users, ...opts }, server)
  return running.url
}

describe('login, me and logout over HTTP', () => {
  it('logs in with name and password, and sets an HttpOnly, SameSite=Strict session cookie on /', async () => {
    const url = await start()
    const res = await login(url, 'li', 'li-password')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ user: { name: 'li', role: 'manager' } })
    expect(res.setCookie).toMatch(/^redstation_session=[A-Za-z0-9_-]{43}; /)
    expect(res.setCookie.split('; ')).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=604800']),
    )
    expect(res.setCookie).not.toContain('Secure')
    expect((await call(`${url}/api/auth/me`, 'GET', res.cookie)).body).toEqual({
      user: { name: 'li', role: 'manager' },
    })
  })

  it('marks the cookie Secure when the request came over HTTPS (through a trusted proxy)', async () => {
    const url = await start({}, { trustProxy: true })
    const res = await call(
      `${url}/api/auth/login`,
      'POST',
      undefined,
      { name: 'li', password: 'li-password' },
      {
        'x-forwarded-proto': 'https',
      },
    )
    expect(res.headers.getSetCookie()[0]).toContain('; Secure')
  })

  it('answers a wrong password and an unknown name alike, with no data', async () => {
    const url = await start()
    const wrong = await login(url, 'li', 'not-the-password')
    const unknown = await login(url, 'nobody', 'li-password')
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401)
      expect(res.setCookie).toBe('')
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'HUB_ERR_BAD_LOGIN',
        error: 'Unauthorized',
        message: 'Wrong name or password',
      })
    }
  })

  it('makes a name wait after 5 failures from one address, known or not, and says until when', async () => {
    const url = await start()
    for (const name of ['li', 'ghost']) {
      for (let i = 0; i < 4; i++) expect((await login(url, name, 'wrong-password')).status).toBe(401)
      const locked = await login(url, name, 'wrong-password')
      expect(locked.status).toBe(429)
      expect(locked.body.code).toBe('HUB_ERR_LOCKED_OUT')
      expect(locked.body.message).toMatch(/try again after \d{4}-\d\d-\d\dT[\d:.]+Z$/)
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(25)
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(30)
    }
    expect((await login(url, 'li', 'li-password')).status).toBe(429)
    expect((await login(url, '张伟', 'zhang-password')).status).toBe(200)
  })

  it('never locks the real manager out from another address, however many times a stranger fails', async () => {
    const url = await start()
    for (let i = 0; i < 8; i++) await loginFrom('127.0.0.66', url, 'li', `guess-${i}`)
    const stranger = await loginFrom('127.0.0.66', url, 'li', 'li-password')
    expect(stranger).toMatchObject({ status: 429, body: { code: 'HUB_ERR_LOCKED_OUT' } })
    expect((await loginFrom('127.0.0.20', url, 'li', 'li-password')).status).toBe(200)
  })

  it('limits the failed logins of one address over all names (429 HUB_ERR_TOO_MANY_LOGINS)', async () => {
    const url = await start({ failedLoginsPerAddressPerMin: 3, hashing: { queue: 100 } })
    for (let i = 0; i < 3; i++) expect((await login(url, `name-${i}`, 'wrong')).status).toBe(401)
    const over = await login(url, 'li', 'li-password')
    expect(over).toMatchObject({ status: 429, body: { code: 'HUB_ERR_TOO_MANY_LOGINS' } })
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await loginFrom('127.0.0.20', url, 'li', 'li-password')).status).toBe(200)
  })

  it('answers /me with 401 "Log in first" without a session or with a made-up one', async () => {
    const url = await start()
    for (const cookie of [undefined, `redstation_session=${'A'.repeat(43)}`, 'redstation_session=junk']) {
      expect(await call(`${url}/api/auth/me`, 'GET', cookie)).toMatchObject({
        status: 401,
        body: {
          statusCode: 401,
          code: 'HUB_ERR_LOGIN_REQUIRED',
          error: 'Unauthorized',
          message: 'Log in first',
        },
      })
    }
  })

  it('logs out: the cookie is cleared and the session no longer works, even if the cookie was kept', async () => {
    const url = await start()
    const { cookie } = await login(url, 'li', 'li-password')
    const out = await call(`${url}/api/auth/logout`, 'POST', cookie)
    expect(out).toMatchObject({ status: 200, body: { ok: true } })
    expect(out.headers.getSetCookie()[0]).toMatch(/^redstation_session=; .*Max-Age=0/)
    expect((await call(`${url}/api/auth/me`, 'GET', cookie)).status).toBe(401)
    expect((await call(`${url}/api/auth/logout`, 'POST')).status).toBe(200)
  })
})

describe('access by route', () => {
  it('lets anyone call public routes, and tells them who is logged in if anyone', async () => {
    const url = await start()
    expect(await call(`${url}/api/notices`, 'GET')).toMatchObject({ status: 200, body: { user: null } })
    const { cookie } = await login(url, '张伟', 'zhang-password')
    expect((await call(`${url}/api/notices`, 'GET', cookie)).body.user).toEqual({
      name: '张伟',
      role: 'staff',
    })
  })

  it('answers 401 on every protected route without a session, with no data', async () => {
    const url = await start()
    for (const [method, path] of [
      ['GET', '/api/visits'],
      ['GET', '/api/stock'],
      ['POST', '/api/stock'],
      ['GET', '/api/audit'],
      ['HEAD', '/api/stock'],
    ] as const) {
      const res = await call(`${url}${path}`, method)
      expect(res.status, `${method} ${path}`).toBe(401)
      if (method !== 'HEAD')
        expect(Object.keys(res.body).sort()).toEqual(['code', 'error', 'message', 'statusCode'])
    }
  })

  it('lets staff read manage routes but not change them (403), nor call manager-only routes', async () => {
    const url = await start()
    const { cookie } = await login(url, '张伟', 'zhang-password')
    expect(await call(`${url}/api/visits`, 'GET', cookie)).toMatchObject({
      status: 200,
      body: { by: '张伟' },
    })
    expect(await call(`${url}/api/stock`, 'GET', cookie)).toMatchObject({
      status: 200,
      body: { bandages: 12 },
    })
    const forbidden = {
      status: 403,
      body: {
        statusCode: 403,
        code: 'HUB_ERR_FORBIDDEN',
        error: 'Forbidden',
        message: 'Your account may not do this',
      },
    }
    expect(await call(`${url}/api/stock`, 'POST', cookie, {})).toEqual(expect.objectContaining(forbidden))
    expect(await call(`${url}/api/audit`, 'GET', cookie)).toEqual(expect.objectContaining(forbidden))
  })

  it('lets managers do everything', async () => {
    const url = await start()
    const { cookie } = await login(url, 'li', 'li-password')
    for (const [method, path] of [
      ['GET', '/api/visits'],
      ['GET', '/api/stock'],
      ['POST', '/api/stock'],
      ['GET', '/api/audit'],
    ])
      expect(
        (await call(`${url}${path}`, method as string, cookie, method === 'POST' ? {} : undefined)).status,
      ).toBe(200)
  })

  it('lists every route with its access', async () => {
    await start()
    expect(running?.app.auth.routes()).toEqual(
      expect.arrayContaining([
        { method: 'POST', url: '/api/auth/login', access: 'public' },
        { method: 'GET', url: '/api/auth/me', access: 'staff' },
        { method: 'POST', url: '/api/stock', access: 'manager' },
        { method: 'HEAD', url: '/api/stock', access: 'manager' },
      ]),
    )
  })

  it('refuses to start with an /api/ route that declares no access, or an unknown one', async () => {
    for (const config of [{}, { access: 'everyone' }]) {
      const app = Fastify({ logger: false })
      await app.register(authPlugin, { store: await openTestStore(dataDir), clock: systemClock })
      app.register(async (r) => {
        r.get('/api/forgotten', { config: config as object }, async () => ({ secret: true }))
      })
      await expect(app.ready()).rejects.toThrow(/GET \/api\/forgotten/)
      await app.close()
    }
    const app = Fastify({ logger: false })
    await app.register(authPlugin, { store: await openTestStore(dataDir), clock: systemClock })
    app.get('/kiosk-page', async () => 'ok')
    await expect(app.ready()).resolves.toBeDefined()
    await app.close()
  })
})

describe('the /manager socket.io namespace', () => {
  it('refuses a connection without a session and accepts one with it, knowing the user', async () => {
    const url = await start()
    const refused = await socketTo(url)
    sockets.push(refused.socket)
    expect(refused.error).toBe('login required')
    const { cookie } = await login(url, 'li', 'li-password')
    const accepted = await socketTo(url, cookie)
    sockets.push(accepted.socket)
    expect(accepted.error).toBeUndefined()
    expect(accepted.hello).toEqual({ name: 'li', role: 'manager' })
  })

  it('disconnects the socket when its session is logged out', async () => {
    const url = await start()
    const { cookie } = await login(url, 'li', 'li-password')
    const { socket } = await socketTo(url, cookie)
    sockets.push(socket)
    const gone = new Promise((resolve) => socket.on('disconnect', resolve))
    await call(`${url}/api/auth/logout`, 'POST', cookie)
    await expect(gone).resolves.toBeDefined()
  })
})

describe('sessions and accounts over time', () => {
  it('keeps sessions across a restart on the same data folder', async () => {
    let url = await start()
    const { cookie } = await login(url, 'li', 'li-password')
    await running?.app.close()
    url = await start()
    expect((await call(`${url}/api/auth/me`, 'GET', cookie)).body).toEqual({
      user: { name: 'li', role: 'manager' },
    })
  })

  it('ends the sessions of an account removed from users.json, and of one given a new password', async () => {
    const from = { dataDir, configUsers: users }
    await saveAccount(from, { name: 'wang', role: 'staff', password: 'wang-password', force: false })
    await saveAccount(from, { name: 'zhao', role: 'staff', password: 'zhao-password', force: false })
    const url = await start()
    const wang = await login(url, 'wang', 'wang-password')
    const zhao = await login(url, 'zhao', 'zhao-password')
    expect((await call(`${url}/api/visits`, 'GET', wang.cookie)).status).toBe(200)
    await removeAccount(from, 'wang')
    expect((await call(`${url}/api/visits`, 'GET', wang.cookie)).status).toBe(401)
    expect((await login(url, 'wang', 'wang-password')).status).toBe(401)
    await saveAccount(from, { name: 'zhao', role: 'staff', password: 'zhao-new-password', force: true })
    expect((await call(`${url}/api/visits`, 'GET', zhao.cookie)).status).toBe(401)
    expect((await login(url, 'zhao', 'zhao-new-password')).status).toBe(200)
  })
})

/** Runs the account CLI as `npm run user` does, with `input` on stdin. */
function cli(args: string[], input = '') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/user.ts', ...args], { cwd: repo })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

describe('npm run user', () => {
  it('adds an account from a password on stdin that can then log in, printing no secret', async () => {
    const added = await cli(['add', 'li', '--role', 'manager', '--data-dir', dataDir], 'cli-password-1\n')
    expect(added).toMatchObject({ code: 0, stderr: '' })
    expect(added.stdout).toMatch(/^added manager li \(/)
    const listed = await cli(['list', '--data-dir', dataDir])
    expect(listed.stdout).toContain('li\tmanager\t')
    for (const out of [added, listed])
      expect(`${out.stdout}${out.stderr}`).not.toMatch(/cli-password-1|scrypt\$/)
    const url = await start({ users: [] })
    expect((await login(url, 'li', 'cli-password-1')).body).toEqual({ user: { name: 'li', role: 'manager' } })
  })

  it('refuses an existing name without --force, a short password, and bad usage (exit 2)', async () => {
    expect((await cli(['add', 'li', '--role', 'staff', '--data-dir', dataDir], 'long-enough\n')).code).toBe(0)
    const again = await cli(['add', 'li', '--role', 'staff', '--data-dir', dataDir], 'long-enough\n')
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('exists already') })
    const short = await cli(['add', 'wu', '--role', 'staff', '--data-dir', dataDir], 'short\n')
    expect(short).toMatchObject({ code: 1, stderr: expect.stringContaining('at least 8 characters') })
    for (const args of [[], ['add', 'wu'], ['list', '--nope']])
      expect((await cli([...args, '--data-dir', dataDir])).code, args.join(' ')).toBe(2)
  })
})
