import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getJson, startTestHub, type TestHub } from '../support/hub.js'

let t: TestHub
beforeAll(async () => {
  t = await startTestHub()
})
afterAll(() => t.close())

describe('the HTTP API', () => {
  it('describes itself in an OpenAPI document at /docs', async () => {
    const ui = await fetch(`${t.url}/docs`)
    expect(ui.status).toBe(200)
    const { body } = await getJson<{ openapi: string; paths: Record<string, unknown> }>(`${t.url}/docs/json`)
    expect(body.openapi).toMatch(/^3\./)
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/state', '/api/devices/{id}/history']),
    )
  })

  it('answers an unknown device, a bad range and an unknown route with a coded error', async () => {
    const missing = await getJson<{ code: string; message: string }>(`${t.url}/api/devices/nope/history`)
    expect(missing).toEqual({
      status: 404,
      body: expect.objectContaining({
        code: 'HUB_ERR_DEVICE_NOT_FOUND',
        message: 'No device with id "nope" at this station',
      }),
    })
    const bad = await getJson<{ code: string; message: string }>(
      `${t.url}/api/devices/fridge-temp/history?from=yesterday`,
    )
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      code: 'HUB_ERR_BAD_RANGE',
      message: expect.stringContaining('from must be an ISO 8601 time'),
    })
    const reversed = await getJson<{ code: string }>(
      `${t.url}/api/devices/fridge-temp/history?from=2000&to=1000`,
    )
    expect(reversed.body.code).toBe('HUB_ERR_BAD_RANGE')
    const route = await getJson<{ code: string }>(`${t.url}/api/nothing-here`)
    expect(route).toMatchObject({ status: 404, body: { code: 'HUB_ERR_NOT_FOUND' } })
  })

  it('validates the request against the route schema', async () => {
    const long = await getJson<{ code: string; message: string }>(
      `${t.url}/api/devices/${'x'.repeat(80)}/history`,
    )
    expect(long.status).toBe(400)
    expect(long.body.code).toBe('HUB_ERR_VALIDATION')
    expect(long.body.message).toMatch(/id/)
  })
})
