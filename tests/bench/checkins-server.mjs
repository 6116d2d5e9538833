/**
 * One server of the checkins bench (tests/bench/checkins.bench.ts), in a process of its own and on plain
 * Node, as a station runs the hub: `hub` is the built hub (dist/, compiled first by the bench), `bare` a
 * bare Fastify route. Each has its own heap and JIT state, so neither server's garbage or warm-up shows in
 * the other's figure.
 *
 *   node tests/bench/checkins-server.mjs hub|bare <dataDir>      (forked with an IPC channel)
 *
 * Messages: it sends { type: 'ready', url } once listening; on { type: 'stats' } it answers with its CPU time
 * and, for the hub, the journal's appends and fsyncs; on { type: 'stop' } it closes and exits.
 */
import Fastify from 'fastify'

const [role, dataDir] = process.argv.slice(2)

async function bare() {
  const app = Fastify({ logger: false })
  app.post('/api/checkins', async (req, reply) => {
    const body = req.body
    return reply.status(201).send({
      visit: {
        id: '00000000-0000-4000-8000-000000000000',
        at: new Date().toISOString(),
        platform: body.platform,
        purposes: body.purposes,
        phoneMasked: `${body.phone.slice(0, 3)}****${body.phone.slice(-4)}`,
        visitsThisMonth: 1,
        returning: false,
        repeat: false,
      },
    })
  })
  return { app, journal: () => ({ appends: 0, fsyncs: 0 }) }
}

async function hub() {
  const dist = (path) => new URL(`../../dist/server/${path}`, import.meta.url).href
  const { resolveConfig } = await import(dist('config/load.js'))
  const { buildHub } = await import(dist('hub.js'))
  const { systemClock } = await import(dist('clock.js'))
  const config = resolveConfig(
    {
      station: { id: 'bench', name: '压测驿站' },
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { embedded: { host: '127.0.0.1', port: 0 } },
      devices: [
        { id: 'fridge-temp', kind: 'temperature', name: '冰箱温度' },
        { id: 'medbox-ibuprofen', kind: 'stock', name: '药箱·布洛芬' },
      ],
      // The limiter's one-minute window must not cut the hub rounds short: the bench measures the durable path.
      kiosk: { rateLimitPerMin: 10_000_000 },
      store: { dataDir },
    },
    'bench',
  )
  const app = await buildHub({ config, clock: systemClock }, { logger: false })
  return { app, journal: () => app.store.journal.stats }
}

const server = role === 'hub' ? await hub() : await bare()
await server.app.listen({ host: '127.0.0.1', port: 0 })
process.on('message', async (m) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage()
    process.send({ type: 'stats', cpuMs: (cpu.user + cpu.system) / 1000, ...server.journal() })
  } else if (m.type === 'stop') {
    await server.app.close()
    process.exit(0)
  }
})
process.send({ type: 'ready', url: `http://127.0.0.1:${server.app.server.address().port}` })
