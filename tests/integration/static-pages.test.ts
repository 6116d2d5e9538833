// Issue 10.20: the built pages as a browser gets them from the hub: a favicon on every page, the assets
// compressed, the hashed ones cached for good and the pages themselves always asked for again.
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHub, type TestHub } from '../support/hub.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t?.close())

/** A raw GET (fetch would decompress and hide the encoding): status, headers and the bytes as sent. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: Buffer
  }>((resolve, reject) => {
    const req = request(`${t.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the built pages', () => {
  it('serve a favicon, linked from the kiosk and the console', async () => {
    const icon = await get('/favicon.ico')
    expect(icon.status).toBe(200)
    expect(icon.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/)
    expect([...icon.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]) // an ICO file's header
    for (const page of ['/', '/manage.html']) {
      const html = (await get(page)).body.toString()
      expect(html).toContain('<link rel="icon" href="/favicon.ico"')
    }
  })

  it('compress the scripts and styles, and keep hashed files for a year and the pages not at all', async () => {
    const html = (await get('/manage.html')).body.toString()
    const script = html.match(/src="(\/assets\/manage-[\w-]+\.js)"/)?.[1]
    expect(script).toBeDefined()
    const plain = await get(script as string)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')

    const br = await get(script as string, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
    expect(br.body.length).toBeLessThan(plain.body.length / 2)

    const gz = await get(script as string, { 'accept-encoding': 'gzip' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable')

    for (const page of ['/', '/index.html', '/manage.html']) {
      const p = await get(page, { 'accept-encoding': 'br' })
      expect(p.status).toBe(200)
      expect(p.headers['cache-control'], page).toBe('no-cache')
    }
  })
})
