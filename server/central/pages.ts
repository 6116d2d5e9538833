import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

const here = dirname(fileURLToPath(import.meta.url))

/** The built pages (dist/kiosk), whether running from server/central/ (tsx, tests) or dist/server/central/. */
export function defaultPagesDir(): string {
  for (const candidate of [join(here, '../../kiosk'), join(here, '../../dist/kiosk')])
    if (existsSync(join(candidate, 'district.html'))) return candidate
  return join(here, '../../dist/kiosk')
}

/**
 * The district page (kiosk-ui/district.html, built by the same Vite build as the station's pages) at `/`
 * and `/district.html`, with its scripts and styles under /assets/. The station's own pages are not
 * served here: index.html and manage.html belong to a station hub.
 */
export async function pagesPlugin(app: FastifyInstance, o: { dir?: string }): Promise<void> {
  const dir = o.dir ?? defaultPagesDir()
  if (!existsSync(join(dir, 'district.html'))) {
    app.log.warn(`no built district page at ${dir}; run npm run build`)
    return
  }
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    wildcard: false,
    immutable: true,
    maxAge: '365d',
  })
  const page = (_req: unknown, reply: FastifyReply) => reply.sendFile('district.html', dir)
  app.get('/', { config: { access: 'public' } }, page)
  app.get('/district.html', { config: { access: 'public' } }, page)
}
