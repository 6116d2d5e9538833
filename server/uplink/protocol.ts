/**
 * The uplink protocol between a station and the district's central service, version 1: topics, payloads,
 * encode and decode. Pure (no I/O, only TypeBox), so the station, the central service and the station
 * simulator (devices/station-uplink-sim) all speak it from this one file. docs/uplink.md tells the story.
 */
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { EVENT_TYPES, type EventType } from './protocol-events.js'
import {
  Ack,
  Birth,
  COMMAND_TYPES,
  Command,
  EventBatch,
  MAX_BATCH_EVENTS,
  MAX_PAYLOAD_BYTES,
  Rebirth,
  StationState,
  UPLINK_VERSION,
  type UplinkEvent,
} from './protocol-messages.js'

export * from './protocol-events.js'
export * from './protocol-messages.js'

export const TOPIC_ROOT = 'redstation'

/** A station id: also its MQTT username, so no `+ # /` and nothing a Mosquitto ACL pattern would misread. */
export const STATION_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$'
const STATION_ID = new RegExp(STATION_ID_PATTERN)
export const isStationId = (id: string) => STATION_ID.test(id)

export type UpKind = 'birth' | 'events' | 'state'
export type DownKind = 'ack' | 'rebirth' | 'commands'

export const upTopic = (stationId: string, kind: UpKind) => `${TOPIC_ROOT}/${stationId}/up/${kind}`
export const downTopic = (stationId: string, kind: DownKind) => `${TOPIC_ROOT}/${stationId}/down/${kind}`

const UP_KINDS = new Set<string>(['birth', 'events', 'state'])
const DOWN_KINDS = new Set<string>(['ack', 'rebirth', 'commands'])

export type ParsedTopic =
  | { stationId: string; dir: 'up'; kind: UpKind }
  | { stationId: string; dir: 'down'; kind: DownKind }

/** The station and message kind of a protocol topic; null for anything else (counted as a bad topic). */
export function parseTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/')
  if (parts.length !== 4 || parts[0] !== TOPIC_ROOT) return null
  const [, stationId, dir, kind] = parts as [string, string, string, string]
  if (!isStationId(stationId)) return null
  if (dir === 'up' && UP_KINDS.has(kind)) return { stationId, dir, kind: kind as UpKind }
  if (dir === 'down' && DOWN_KINDS.has(kind)) return { stationId, dir, kind: kind as DownKind }
  return null
}

/**
 * What the central service subscribes to. Births and batches go through a shared subscription when a
 * group is given, so instances split them; `up/state` is subscribed by every instance without sharing,
 * because a shared subscription is never sent retained messages [MQTT-4.8.2] and the state is retained.
 */
export function centralSubscriptions(group: string | null): { shared: string[]; own: string[] } {
  const up = (kind: UpKind) => `${TOPIC_ROOT}/+/up/${kind}`
  const share = (t: string) => (group ? `$share/${group}/${t}` : t)
  return { shared: [share(up('birth')), share(up('events'))], own: [up('state')] }
}

/** A station's own subscription: its acknowledgements, rebirth requests and commands. */
export const stationSubscription = (stationId: string) => `${TOPIC_ROOT}/${stationId}/down/#`

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string }

const MAX_PROBLEMS = 3

/** `field: message` for the first few problems, never repeating a value. */
function problems(check: ReturnType<typeof Compile>, value: unknown): string {
  const out: string[] = []
  for (const e of check.Errors(value)) {
    if (e.keyword === 'boolean') continue
    const field = e.instancePath.slice(1).replaceAll('/', '.') || '(payload)'
    const params = e.params as Record<string, unknown>
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${(params.additionalProperties as string[]).join(', ')})`
        : e.keyword === 'required'
          ? ` (${(params.requiredProperties as string[]).join(', ')})`
          : ''
    out.push(`${field}: ${e.message}${extra}`)
    if (out.length === MAX_PROBLEMS) break
  }
  return out.join('; ') || 'not valid'
}

function decoder<T>(schema: TSchema, name: string) {
  const check = Compile(schema)
  return (payload: Buffer | string): Decoded<T> => {
    if (payload.length > MAX_PAYLOAD_BYTES)
      return { ok: false, error: `${name}: larger than ${MAX_PAYLOAD_BYTES} bytes` }
    let value: unknown
    try {
      value = JSON.parse(payload.toString())
    } catch {
      return { ok: false, error: `${name}: not JSON` }
    }
    const v = (value as { v?: unknown } | null)?.v
    if (typeof value === 'object' && value !== null && v !== UPLINK_VERSION)
      return {
        ok: false,
        error: `${name}: protocol version ${String(v)}, this side speaks ${UPLINK_VERSION}`,
      }
    if (!check.Check(value)) return { ok: false, error: `${name}: ${problems(check, value)}` }
    return { ok: true, value: value as T }
  }
}

const batchShape = decoder<EventBatch>(EventBatch, 'events')

/** A batch: its shape, and its rules: from ≤ to, each event's seq within from..to and increasing. */
export function decodeBatch(payload: Buffer | string): Decoded<EventBatch> {
  const d = batchShape(payload)
  if (!d.ok) return d
  const b = d.value
  if (b.from > b.to) return { ok: false, error: 'events: from is after to' }
  let last = b.from - 1
  for (const [i, e] of b.events.entries()) {
    if (e.seq <= last || e.seq > b.to)
      return { ok: false, error: `events: events.${i}.seq is not increasing within from..to` }
    last = e.seq
  }
  return d
}
export const decodeBirth = decoder<Birth>(Birth, 'birth')
export const decodeState = decoder<StationState>(StationState, 'state')
export const decodeAck = decoder<Ack>(Ack, 'ack')
export const decodeRebirth = decoder<Rebirth>(Rebirth, 'rebirth')
const commandShape = decoder<Command>(Command, 'command')

const eventChecks = new Map(Object.entries(EVENT_TYPES).map(([t, d]) => [t, Compile(d.schema)]))
const commandChecks = new Map(Object.entries(COMMAND_TYPES).map(([t, d]) => [t, Compile(d.schema)]))

/** A command, payload included (its `cv` must be the one this side knows). */
export function decodeCommand(payload: Buffer | string): Decoded<Command> {
  const d = commandShape(payload)
  if (!d.ok) return d
  const known = COMMAND_TYPES[d.value.type as keyof typeof COMMAND_TYPES]
  if (d.value.cv !== known.cv)
    return { ok: false, error: `command: ${d.value.type} version ${d.value.cv}, this side knows ${known.cv}` }
  const check = commandChecks.get(d.value.type) as ReturnType<typeof Compile>
  if (!check.Check(d.value.data))
    return { ok: false, error: `command: data.${problems(check, d.value.data)}` }
  return d
}

/**
 * The `id` of a command this side cannot decode (an unknown type, a newer `cv`, bad data), when it has one:
 * the station still answers it with `command.result { ok: false, problem: "unknown-type: …" }`, so the
 * district stops sending it. null when there is no usable id.
 */
export function peekCommandId(payload: Buffer | string): string | null {
  try {
    const id = (JSON.parse(payload.toString()) as { id?: unknown } | null)?.id
    return typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(id) ? id : null
  } catch {
    return null
  }
}

/**
 * What the receiver can do with one event of a good batch. An unknown type, a newer version or a payload
 * that does not match its schema is kept as it came but not counted in any figure (and counted as such), so
 * one bad event never blocks the station's cursor; a newer central service can read it again later.
 */
export type EventVerdict =
  | { kind: 'ok'; type: EventType }
  | { kind: 'unknown-type' }
  | { kind: 'newer-version'; known: number }
  | { kind: 'invalid'; problem: string }

export function classifyEvent(e: UplinkEvent): EventVerdict {
  const def = EVENT_TYPES[e.type as EventType]
  if (!def) return { kind: 'unknown-type' }
  if (e.v !== def.v) return { kind: 'newer-version', known: def.v }
  const check = eventChecks.get(e.type) as ReturnType<typeof Compile>
  if (!check.Check(e.data)) return { kind: 'invalid', problem: problems(check, e.data) }
  return { kind: 'ok', type: e.type as EventType }
}

/** JSON text of a message, refused when it would be larger than the protocol allows. */
export function encode<T extends { v: number }>(message: T): string {
  const text = JSON.stringify(message)
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES)
    throw new RangeError(`uplink message of ${Buffer.byteLength(text)} bytes is over ${MAX_PAYLOAD_BYTES}`)
  return text
}

/** A journal entry on its way up: the event to send, or null when the entry stays at the station. */
export interface Outgoing {
  seq: number
  event: UplinkEvent | null
}

/**
 * The next batch from a run of consecutive journal entries (oldest first, starting at `entries[0].seq`):
 * as many as fit in MAX_BATCH_EVENTS events and MAX_PAYLOAD_BYTES, covering private entries too. Returns
 * null for an empty run. The station sends it, then waits for its ack (or a timeout) before the next.
 */
export function packBatch(session: string, head: number, entries: readonly Outgoing[]): EventBatch | null {
  const first = entries[0]
  if (!first) return null
  const events: UplinkEvent[] = []
  let to = first.seq - 1
  let bytes = 200 // the envelope
  for (const entry of entries) {
    if (entry.seq !== to + 1) break // not consecutive: stop before the hole
    if (entry.event) {
      const size = Buffer.byteLength(JSON.stringify(entry.event)) + 1
      if (events.length === MAX_BATCH_EVENTS || bytes + size > MAX_PAYLOAD_BYTES) break
      events.push(entry.event)
      bytes += size
    }
    to = entry.seq
  }
  if (to < first.seq)
    throw new RangeError(`uplink event ${first.seq} alone is over ${MAX_PAYLOAD_BYTES} bytes`)
  return { v: UPLINK_VERSION, session, from: first.seq, to, head: Math.max(head, to), events }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** The calendar day (YYYY-MM-DD) of an instant in a time zone: what `day` means in every event. */
export function stationDay(ms: number, timeZone: string): string {
  let f = dayFormats.get(timeZone)
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, f)
  }
  return f.format(ms)
}
