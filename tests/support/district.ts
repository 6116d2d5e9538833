import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import mqtt, { type MqttClient } from 'mqtt'
import { mqttHash } from '../../server/central/credentials.js'
import { type MosquittoHandle, startMosquitto } from './mosquitto.js'
import { makeCertificates, type TestCertificates } from './tls.js'

const deployDir = fileURLToPath(new URL('../../deploy/mosquitto/', import.meta.url))

/** A real Mosquitto with deploy/mosquitto/district.conf and its ACL, TLS with a throwaway CA. */
export interface DistrictBroker {
  broker: MosquittoHandle
  /** mqtts://127.0.0.1:<port> */
  url: string
  certs: TestCertificates
  /** Replaces the password file (username → password) and makes Mosquitto read it again. */
  setLogins(logins: Record<string, string>): Promise<void>
  /** A client logged in as `username`, trusting the test CA (MQTT 5, so a refused publish is an error). */
  client(username: string, password: string, opts?: mqtt.IClientOptions): Promise<MqttClient>
  stop(): Promise<void>
}

/**
 * deploy/mosquitto/district.conf as it is, with only its paths and its listener changed: the certificates,
 * the password file and the persistence folder in a temp folder, the ACL file from deploy/ itself.
 */
export async function startDistrictBroker(logins: Record<string, string>): Promise<DistrictBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'rsh-district-'))
  const certs = await makeCertificates(dir)
  const passwd = join(dir, 'passwd')
  const writeLogins = async (l: Record<string, string>) => {
    const lines = await Promise.all(Object.entries(l).map(async ([u, p]) => `${u}:${await mqttHash(p)}`))
    await writeFile(passwd, `${lines.join('\n')}\n`, { mode: 0o600 })
  }
  await writeLogins(logins)
  const template = await readFile(join(deployDir, 'district.conf'), 'utf8')
  const replace = (text: string, from: RegExp, to: string) => {
    if (!from.test(text)) throw new Error(`deploy/mosquitto/district.conf no longer has ${from}`)
    return text.replace(from, to)
  }
  const broker = await startMosquitto({
    config: async (_brokerDir, port) => {
      let text = template
      text = replace(text, /^listener 8883$/m, `listener ${port} 127.0.0.1`)
      text = replace(text, /^certfile .*$/m, `certfile ${certs.cert}`)
      text = replace(text, /^keyfile .*$/m, `keyfile ${certs.key}`)
      text = replace(text, /^password_file .*$/m, `password_file ${passwd}`)
      text = replace(text, /^acl_file .*$/m, `acl_file ${join(deployDir, 'acl')}`)
      text = replace(text, /^persistence_location .*$/m, `persistence_location ${dir}/`)
      return text
    },
  })
  const url = `mqtts://127.0.0.1:${broker.port}`
  const clients: MqttClient[] = []
  return {
    broker,
    url,
    certs,
    async setLogins(l) {
      await writeLogins(l)
      broker.reload()
      await new Promise((r) => setTimeout(r, 300))
    },
    async client(username, password, opts = {}) {
      const c = await mqtt.connectAsync(url, {
        username,
        password,
        ca: await readFile(certs.ca),
        protocolVersion: 5,
        reconnectPeriod: 0,
        ...opts,
      })
      clients.push(c)
      return c
    },
    async stop() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})))
      await broker.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
