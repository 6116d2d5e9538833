import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { lockDataDir } from './data-lock.js'
import { openDatabase } from './db/open.js'
import type { LaunchOptions } from './options.js'
import { Registry, RegistryError, SERVICE_LOGIN } from './registry.js'

export interface CommandIo {
  out(line: string): void
  err(line: string): void
}

const stdio: CommandIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
}

/** What a station's config needs to uplink, printed once after add and password. */
function uplinkSection(id: string, password: string): string {
  return [
    `uplink credentials of station ${id} (shown once; only a hash is kept):`,
    `  username: ${id}`,
    `  password: ${password}`,
    '',
    'in the station file (docs/uplink.md):',
    'uplink:',
    '  url: mqtts://<district broker>:8883',
    `  username: ${id}`,
    `  password: ${password}`,
    '  ca: /etc/red-station-hub/district-ca.crt',
    '',
    'with Mosquitto as the district broker: npm run central -- mosquitto-passwd /etc/mosquitto/passwd',
    'and then: systemctl reload mosquitto',
  ].join('\n')
}

/**
 * `station add|list|revoke|password`, `service-login`, `mosquitto-passwd`: the registry from the command
 * line, on the same database as the service (the embedded one only while the service is stopped). Exit
 * code 2 for bad usage (thrown as UsageError by the caller), 1 when refused.
 */
export async function runCommand(o: LaunchOptions, io: CommandIo = stdio): Promise<number> {
  const print = io.out
  const fail = (message: string) => {
    io.err(message)
    return 1
  }
  const [what, verb, arg] = o.command
  await mkdir(o.dataDir, { recursive: true })
  const unlock = o.dbUrl ? null : await lockDataDir(o.dataDir)
  const db = await openDatabase({ url: o.dbUrl, dataDir: join(o.dataDir, 'db') })
  const registry = await Registry.open(db, 0)
  try {
    if (what === 'station' && verb === 'add' && arg) {
      if (!o.name) return fail('station add: --name is required')
      const { password } = await registry.add({
        id: arg,
        name: o.name,
        street: o.street,
        community: o.community,
        timeZone: o.timeZone,
      })
      print(
        `station ${arg} added: ${o.name} (${[o.street, o.community].filter(Boolean).join(' / ') || 'no street'})`,
      )
      print(uplinkSection(arg, password))
    } else if (what === 'station' && verb === 'list') {
      for (const s of registry.cached().sort((a, b) => a.id.localeCompare(b.id)))
        print(
          [
            s.id,
            s.name,
            s.street,
            s.community,
            s.timeZone,
            s.revokedAt ? `revoked ${s.revokedAt}` : 'active',
          ].join('\t'),
        )
    } else if (what === 'station' && verb === 'revoke' && arg) {
      await registry.revoke(arg)
      print(
        `station ${arg} revoked: its messages are refused from now on (rewrite Mosquitto's password file too)`,
      )
    } else if (what === 'station' && verb === 'password' && arg) {
      print(uplinkSection(arg, await registry.rotate(arg)))
    } else if (what === 'service-login') {
      const password = await registry.setServiceLogin()
      print(
        `broker login of the central service (shown once):\n  username: ${SERVICE_LOGIN}\n  password: ${password}`,
      )
      print('give it to each instance with --mqtt-password-file or $CENTRAL_MQTT_PASSWORD')
    } else if (what === 'mosquitto-passwd' && verb) {
      const lines = await registry.passwordFileLines()
      await writeFile(verb, `${lines.join('\n')}\n`, { mode: 0o600 })
      print(`${verb}: ${lines.length} logins written (stations not revoked, and the service's)`)
    } else {
      return fail(`unknown command: ${o.command.join(' ')}`)
    }
    return 0
  } catch (err) {
    if (err instanceof RegistryError) return fail(err.message)
    throw err
  } finally {
    registry.close()
    await db.close()
    await unlock?.()
  }
}
