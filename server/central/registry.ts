import { createHash } from 'node:crypto'
import { isStationId } from '../uplink/protocol.js'
import { mqttHash, newPassword, verifyMqttHash } from './credentials.js'
import type { Db } from './db/db.js'

/** A registered station: who it is and where it is in the district. */
export interface StationInfo {
  id: string
  name: string
  street: string
  community: string
  timeZone: string
  createdAt: string
  revokedAt: string | null
}

export interface NewStation {
  id: string
  name: string
  street?: string
  community?: string
  timeZone?: string
}

export type LoginVerdict = 'ok' | 'unknown' | 'revoked' | 'bad-password'

/** The login the central service uses on the district broker: not a station id (no `_` in those). */
export const SERVICE_LOGIN = 'central_service'

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly reason: 'bad-input' | 'exists' | 'not-found',
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** Every problem of a new station's fields, each naming the field. */
export function stationProblems(s: NewStation): string[] {
  const out: string[] = []
  if (!isStationId(s.id))
    out.push('id: expected 1–63 characters: a-z, 0-9 and -, starting with a letter or digit')
  if (!s.name?.trim() || s.name.length > 100) out.push('name: expected 1–100 characters')
  if ((s.street ?? '').length > 100) out.push('street: expected at most 100 characters')
  if ((s.community ?? '').length > 100) out.push('community: expected at most 100 characters')
  if (s.timeZone !== undefined && !validTimeZone(s.timeZone))
    out.push('timeZone: expected an IANA time zone such as Asia/Shanghai')
  return out
}

interface Row {
  id: string
  name: string
  street: string
  community: string
  time_zone: string
  mqtt_hash: string
  created_at: Date
  revoked_at: Date | null
}

const toInfo = (r: Row): StationInfo => ({
  id: r.id,
  name: r.name,
  street: r.street,
  community: r.community,
  timeZone: r.time_zone,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
})

/** How long a station looked up and not found stays "unknown" before the database is asked again. */
const MISS_MS = 5_000

/**
 * The stations of the district, in the database, with a cache in memory so that every message does not
 * cost a query. A station added or revoked by the CLI (another process) counts here at the next refresh
 * (`refreshMs`) or, for an unknown one, within MISS_MS.
 */
export class Registry {
  readonly #db: Db
  #byId = new Map<string, Row>()
  readonly #misses = new Map<string, number>()
  /** sha256 of a password that verified, by station: a reconnect costs no PBKDF2. */
  readonly #verified = new Map<string, string>()
  #timer: NodeJS.Timeout | null = null

  private constructor(db: Db) {
    this.#db = db
  }

  static async open(db: Db, refreshMs = 10_000): Promise<Registry> {
    const r = new Registry(db)
    await r.refresh()
    if (refreshMs > 0) {
      r.#timer = setInterval(() => void r.refresh().catch(() => {}), refreshMs)
      r.#timer.unref()
    }
    return r
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  async refresh(): Promise<void> {
    const { rows } = await this.#db.query<Row>('SELECT * FROM stations')
    this.#byId = new Map(rows.map((r) => [r.id, r]))
    this.#misses.clear()
  }

  /** The station, from the cache (asking the database for one not seen, at most every MISS_MS). */
  async get(id: string): Promise<StationInfo | undefined> {
    const row = await this.#row(id)
    return row ? toInfo(row) : undefined
  }

  /** Known and not revoked: its messages are taken. */
  async status(id: string): Promise<'active' | 'unknown' | 'revoked'> {
    const row = await this.#row(id)
    return !row ? 'unknown' : row.revoked_at ? 'revoked' : 'active'
  }

  /** Cached stations (for the embedded broker's synchronous checks and the API's lists). */
  cached(): StationInfo[] {
    return [...this.#byId.values()].map(toInfo)
  }

  async #row(id: string): Promise<Row | undefined> {
    const hit = this.#byId.get(id)
    if (hit) return hit
    const missedAt = this.#misses.get(id)
    if (missedAt !== undefined && Date.now() - missedAt < MISS_MS) return undefined
    const { rows } = await this.#db.query<Row>('SELECT * FROM stations WHERE id = $1', [id])
    const row = rows[0]
    if (row) this.#byId.set(id, row)
    else {
      if (this.#misses.size > 10_000) this.#misses.clear() // random names cannot fill the memory
      this.#misses.set(id, Date.now())
    }
    return row
  }

  /** Adds a station and returns its uplink password, which is stored only hashed and shown only here. */
  async add(s: NewStation, password = newPassword()): Promise<{ station: StationInfo; password: string }> {
    const problems = stationProblems(s)
    if (problems.length > 0) throw new RegistryError(problems.join('; '), 'bad-input')
    const hash = await mqttHash(password)
    const { rows } = await this.#db.query<Row>(
      `INSERT INTO stations (id, name, street, community, time_zone, mqtt_hash)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [s.id, s.name.trim(), s.street ?? '', s.community ?? '', s.timeZone ?? DEFAULT_TIME_ZONE, hash],
    )
    const row = rows[0]
    if (!row) throw new RegistryError(`station ${s.id} is already registered`, 'exists')
    this.#byId.set(row.id, row)
    this.#misses.delete(row.id)
    return { station: toInfo(row), password }
  }

  /** A new password for a station (the old one stops working); also lifts a revocation. */
  async rotate(id: string, password = newPassword()): Promise<string> {
    const { rows } = await this.#db.query<Row>(
      'UPDATE stations SET mqtt_hash = $2, revoked_at = NULL WHERE id = $1 RETURNING *',
      [id, await mqttHash(password)],
    )
    if (!rows[0]) throw new RegistryError(`no station ${id}`, 'not-found')
    this.#byId.set(id, rows[0])
    this.#verified.delete(id)
    return password
  }

  /** Its messages are refused from now on; what it sent before stays. */
  async revoke(id: string): Promise<StationInfo> {
    const { rows } = await this.#db.query<Row>(
      'UPDATE stations SET revoked_at = coalesce(revoked_at, now()), online = false WHERE id = $1 RETURNING *',
      [id],
    )
    if (!rows[0]) throw new RegistryError(`no station ${id}`, 'not-found')
    this.#byId.set(id, rows[0])
    this.#verified.delete(id)
    return toInfo(rows[0])
  }

  /** A station's broker login (username = station id). */
  async verify(id: string, password: string): Promise<LoginVerdict> {
    const row = await this.#row(id)
    if (!row) return 'unknown'
    if (row.revoked_at) return 'revoked'
    const fingerprint = createHash('sha256').update(`${row.mqtt_hash}\0${password}`).digest('base64')
    if (this.#verified.get(id) === fingerprint) return 'ok'
    if (!(await verifyMqttHash(password, row.mqtt_hash))) return 'bad-password'
    this.#verified.set(id, fingerprint)
    return 'ok'
  }

  /** Sets (or replaces) the central service's own broker login; returns its password. */
  async setServiceLogin(password = newPassword(), name = SERVICE_LOGIN): Promise<string> {
    await this.#db.query(
      `INSERT INTO service_logins (name, mqtt_hash) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET mqtt_hash = EXCLUDED.mqtt_hash`,
      [name, await mqttHash(password)],
    )
    return password
  }

  /** Mosquitto password_file lines: every station not revoked, then the service logins. */
  async passwordFileLines(): Promise<string[]> {
    const stations = await this.#db.query<{ id: string; mqtt_hash: string }>(
      'SELECT id, mqtt_hash FROM stations WHERE revoked_at IS NULL ORDER BY id',
    )
    const services = await this.#db.query<{ name: string; mqtt_hash: string }>(
      'SELECT name, mqtt_hash FROM service_logins ORDER BY name',
    )
    return [
      ...stations.rows.map((r) => `${r.id}:${r.mqtt_hash}`),
      ...services.rows.map((r) => `${r.name}:${r.mqtt_hash}`),
    ]
  }
}
