/**
 * Child process for tests/integration/crash-features.test.ts: a real hub on a free port, on the data folder
 * and settings given, until it is killed.
 *
 *   node --import tsx tests/support/crash-hub.ts '<settings as JSON>'
 *
 * Prints `ready <http port>` once it answers.
 */
import { systemClock } from '../../server/clock.js'
import { resolveConfig } from '../../server/config/load.js'
import { buildHub } from '../../server/hub.js'

const settings = JSON.parse(process.argv[2] ?? '{}')
const config = resolveConfig(settings, 'crash test')
const hub = await buildHub({ config, clock: systemClock }, { logger: false })
await hub.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`ready ${(hub.server.address() as { port: number }).port}\n`)
