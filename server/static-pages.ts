import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

/** Vite puts the content hash in every file name under assets/: such a file never changes. */
const HASHED = /[\\/]assets[\\/][^\\/]+$/
const COMPRESSED = /\.(js|css|html|svg|json|txt)(\.br|\.gz)?$/

/**
 * The built pages (dist/kiosk): the `.br` / `.gz` the build wrote beside each file are sent to a browser
 * that takes them; hashed assets are cached for a year (immutable), everything else (the pages, the
 * favicon) is asked for again each time (`no-cache`: a 304 when unchanged), so a new release shows at once.
 */
export async function staticPages(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('cache-control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      if (COMPRESSED.test(path)) res.setHeader('vary', 'accept-encoding')
    },
  })
}
