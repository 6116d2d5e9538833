import type { FastifyInstance } from 'fastify'
import { Server, type Socket } from 'socket.io'
import type { Clock } from '../../clock.js'
import type { Db } from '../db/db.js'
import type { CommandOutcome } from '../ingest/apply.js'
import type { Ingest } from '../ingest/service.js'
import { alertList, stationSummaries } from '../queries.js'
import type { Registry } from '../registry.js'
import { type Placed, type Scope, withinScope } from '../scope/scope.js'
import type { ScopeStore } from '../scope/scope-store.js'

/** The database channel every instance listens on: a station changed (any instance may have ingested it). */
export const CHANNEL = 'station_change'
/** Changes of one station within this are pushed once (a batch and its birth, a burst of events). */
const COALESCE_MS = 150

interface Note {
  station: string
  results?: Array<Pick<CommandOutcome, 'id' | 'state' | 'problem' | 'publicationId'>>
}

/** The one room of a socket, by its scope; and the rooms a station's news goes to. */
const roomOf = (scope: Scope): string | null =>
  scope.level === 'district'
    ? 'district'
    : scope.level === 'street'
      ? `street:${scope.street}`
      : scope.level === 'community'
        ? `community:${scope.street}\n${scope.community}`
        : null
const roomsFor = (s: Placed) => ['district', `street:${s.street}`, `community:${s.street}\n${s.community}`]

export interface DistrictLive {
  io: Server
  /** Tells every instance's screens that a station changed (escalation, a command made). */
  touch(station: string): void
  close(): Promise<void>
}

/**
 * The district page's live feed (`/district`, docs/central.md "Live"): a socket with a session (server/auth)
 * joins the one room of its account's scope and first gets `hello` (its stations and their open alerts);
 * then, whenever a station of its scope changes on any instance (database NOTIFY), `station` with the
 * station's new summary and open alerts, and `command` when a district command's result came up. A socket
 * never hears of a station outside its scope.
 */
export async function startDistrictLive(
  app: FastifyInstance,
  o: { db: Db; ingest: Ingest; scopes: ScopeStore; registry: Registry; clock: Clock },
): Promise<DistrictLive> {
  const { db, clock } = o
  const io = new Server(app.server, { serveClient: false, cors: { origin: false } })
  const nsp = io.of('/district')
  const stopAuthorizing = app.authorizeSocket(nsp)
  nsp.use((socket, next) => {
    o.scopes.of(socket.data.user).then(
      (scope) => {
        socket.data.scope = scope
        next()
      },
      () => next(new Error('scope check failed')),
    )
  })
  nsp.on('connection', (socket: Socket) => {
    const scope = socket.data.scope as Scope
    const room = roomOf(scope)
    if (room) void socket.join(room)
    void (async () => {
      // A street's staff: only their stations' summaries are computed, not the whole district's.
      let only: string[] | undefined
      if (scope.level !== 'district') {
        await o.registry.refresh()
        only = withinScope(scope, o.registry.cached()).map((s) => s.id)
      }
      const stations = withinScope(scope, await stationSummaries(db, clock.now(), only))
      const alerts = await alertList(db, { open: true, stations: stations.map((s) => s.id), limit: 5000 })
      socket.emit('hello', { stations, alerts })
    })().catch((err) => app.log.error({ err }, 'live: could not greet a socket'))
  })

  const dirty = new Map<string, Note['results']>()
  let timer: NodeJS.Timeout | null = null
  const flush = async () => {
    timer = null
    const batch = new Map(dirty)
    dirty.clear()
    if (batch.size === 0 || nsp.sockets.size === 0) return
    const ids = [...batch.keys()]
    const summaries = await stationSummaries(db, clock.now(), ids)
    const alerts = await alertList(db, { open: true, stations: ids, limit: 5000 })
    for (const station of summaries) {
      const rooms = roomsFor(station)
      nsp.to(rooms).emit('station', { station, alerts: alerts.filter((a) => a.stationId === station.id) })
      for (const r of batch.get(station.id) ?? [])
        nsp.to(rooms).emit('command', { ...r, stationId: station.id })
    }
  }
  const heard = (payload: string) => {
    let note: Note
    try {
      note = JSON.parse(payload) as Note
    } catch {
      return
    }
    if (typeof note?.station !== 'string') return
    dirty.set(note.station, [...(dirty.get(note.station) ?? []), ...(note.results ?? [])])
    timer ??= setTimeout(
      () => void flush().catch((err) => app.log.error({ err }, 'live: push failed')),
      COALESCE_MS,
    )
  }
  const stopListening = await db.listen(CHANNEL, heard)
  const tell = (note: Note) =>
    void db
      .query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(note)])
      .catch((err) => app.log.warn(`live: could not notify: ${(err as Error).message}`))
  const offChange = o.ingest.onChange((c) => {
    // A state change reaches every instance itself (not shared); births and batches only the one that took them.
    if (c.kind === 'state') heard(JSON.stringify({ station: c.station }))
    else
      tell({
        station: c.station,
        results: c.results?.map(({ id, state, problem, publicationId }) => ({
          id,
          state,
          problem,
          publicationId,
        })),
      })
  })
  return {
    io,
    touch: (station) => tell({ station }),
    async close() {
      offChange()
      stopAuthorizing()
      if (timer) clearTimeout(timer)
      await stopListening().catch(() => {})
      io.engine.close()
    },
  }
}
