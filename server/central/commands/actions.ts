import { randomUUID } from 'node:crypto'
import type { Clock } from '../../clock.js'
import { type CommandType, decodeCommand, encode, UPLINK_VERSION } from '../../uplink/protocol.js'
import { audit } from '../audit.js'
import type { Db } from '../db/db.js'
import { CentralErrors } from '../errors.js'
import type { Registry, StationInfo } from '../registry.js'
import { inScope, type Scope } from '../scope/scope.js'
import { type CommandRow, type Commands, toCommand } from './service.js'

export interface Actor {
  name: string
  scope: Scope
}

export interface PublishInput {
  /** A client-made id (d-…, a UUID): the same request sent twice makes one publication. */
  id?: string
  kind: 'notice' | 'screening' | 'job-fair'
  title: string
  body?: string
  category?: 'jobs' | 'legal' | 'insurance' | 'health' | 'other'
  from?: string | null
  until?: string | null
  organiser?: string
  place?: string
  start?: string
  end?: string
  capacity?: number
  stations?: string[]
  streets?: string[]
}

export interface Publication {
  id: string
  kind: PublishInput['kind']
  title: string
  data: Record<string, unknown>
  target: { stations: string[]; streets: string[] }
  createdAt: string
  createdBy: string
  commands: CommandRow[]
}

/** The command's data checked against its schema exactly as a station will check it. */
function checked(type: CommandType, data: Record<string, unknown>): Record<string, unknown> {
  const d = decodeCommand(
    encode({ v: UPLINK_VERSION, id: 'check', type, cv: 1, at: new Date(0).toISOString(), data }),
  )
  if (!d.ok) throw new CentralErrors.BAD_PUBLICATION(d.error.replace(/^command: /, ''))
  return data
}

function commandData(id: string, p: PublishInput): { type: CommandType; data: Record<string, unknown> } {
  if (p.kind === 'notice')
    return {
      type: 'notice.publish',
      data: checked('notice.publish', {
        noticeId: id,
        title: p.title,
        body: p.body ?? '',
        from: p.from ?? null,
        until: p.until ?? null,
        category: p.category ?? 'other',
      }),
    }
  if (p.start && p.end && Date.parse(p.end) <= Date.parse(p.start))
    throw new CentralErrors.BAD_PUBLICATION('end: expected a time after start')
  return {
    type: 'screening.publish',
    data: checked('screening.publish', {
      screeningId: id,
      kind: p.kind,
      title: p.title,
      organiser: p.organiser ?? '',
      place: p.place ?? '',
      start: p.start ?? '',
      end: p.end ?? '',
      capacity: p.capacity ?? 0,
    }),
  }
}

/**
 * What the district does at stations: each is one transaction (the commands, the publication, the audit
 * entries) and then a send; the same request again (same command or publication id) answers what was made.
 */
export class DistrictActions {
  constructor(
    private readonly o: {
      db: Db
      registry: Registry
      commands: Commands
      clock: Clock
      /** Tells the live screens a station changed (a district acknowledgement pending there). */
      touch?: (station: string) => void
    },
  ) {}

  async acknowledge(
    actor: Actor,
    stationId: string,
    alertId: string,
    note: string | null,
    commandId?: string,
  ): Promise<CommandRow> {
    const { db, commands, clock } = this.o
    const made = await db.tx(async (q) => {
      if (commandId) {
        const { rows } = await q.query<Parameters<typeof toCommand>[0]>(
          'SELECT * FROM commands WHERE id = $1',
          [commandId],
        )
        const same = rows[0]
        if (same) {
          if (same.station_id !== stationId || same.data.alertId !== alertId)
            throw new CentralErrors.COMMAND_CONFLICT(commandId)
          return { command: toCommand(same), fresh: false }
        }
      }
      const { rows: alerts } = await q.query<{ state: string }>(
        'SELECT state FROM alerts WHERE station_id = $1 AND alert_id = $2 FOR UPDATE',
        [stationId, alertId],
      )
      const alert = alerts[0]
      if (!alert) throw new CentralErrors.ALERT_NOT_FOUND(alertId, stationId)
      const { rows: pending } = await q.query<Parameters<typeof toCommand>[0]>(
        `SELECT * FROM commands WHERE station_id = $1 AND type = 'alert.acknowledge' AND state = 'pending'
           AND data->>'alertId' = $2`,
        [stationId, alertId],
      )
      if (pending[0]) return { command: toCommand(pending[0]), fresh: false }
      if (alert.state !== 'active') throw new CentralErrors.ALERT_NOT_OPEN(alertId, alert.state)
      const command = await commands.insert(q, {
        id: commandId,
        stationId,
        type: 'alert.acknowledge',
        data: { alertId, by: actor.name, note },
        by: actor.name,
      })
      await audit(q, clock.now(), actor.name, 'alert.acknowledge', stationId, {
        alertId,
        note,
        commandId: command.id,
      })
      return { command, fresh: true }
    })
    if (made.fresh) {
      await commands.send([made.command])
      this.o.touch?.(stationId)
    }
    return made.command
  }

  /** The registered, unrevoked stations a target names; every one must be in the actor's scope. */
  async #targets(actor: Actor, p: PublishInput): Promise<StationInfo[]> {
    await this.o.registry.refresh()
    const all = this.o.registry.cached().filter((s) => !s.revokedAt)
    const streets = new Set(p.streets ?? [])
    const named = new Set(p.stations ?? [])
    const unknown = [...named].filter((id) => !all.some((s) => s.id === id))
    if (unknown.length > 0) throw new CentralErrors.STATION_NOT_FOUND(unknown.join(', '))
    const unknownStreets = [...streets].filter((st) => !all.some((s) => s.street === st))
    if (unknownStreets.length > 0)
      throw new CentralErrors.BAD_PUBLICATION(`streets: no station on ${unknownStreets.join(', ')}`)
    const chosen = all.filter((s) => named.has(s.id) || streets.has(s.street))
    if (chosen.length === 0) throw new CentralErrors.NO_TARGET()
    // A whole street is the actor's only when the scope covers the street (a community's staff does not).
    const outside = [
      ...[...streets].filter(
        (st) =>
          !(
            actor.scope.level === 'district' ||
            (actor.scope.level === 'street' && actor.scope.street === st)
          ),
      ),
      ...chosen.filter((s) => !inScope(actor.scope, s)).map((s) => s.id),
    ]
    if (outside.length > 0) throw new CentralErrors.OUT_OF_SCOPE_TARGET([...new Set(outside)].join(', '))
    return chosen.sort((a, b) => a.id.localeCompare(b.id))
  }

  async publish(actor: Actor, p: PublishInput): Promise<Publication> {
    const { db, commands, clock } = this.o
    const id = p.id ?? `d-${randomUUID()}`
    const existing = await this.publication(id)
    if (existing) return existing
    const { type, data } = commandData(id, p)
    const stations = await this.#targets(actor, p)
    const now = new Date(clock.now()).toISOString()
    const target = { stations: [...(p.stations ?? [])].sort(), streets: [...(p.streets ?? [])].sort() }
    const made = await db.tx(async (q) => {
      const ins = await q.query<{ id: string }>(
        `INSERT INTO publications (id, kind, title, data, target, created_at, created_by)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, p.kind, p.title, JSON.stringify(data), JSON.stringify(target), now, actor.name],
      )
      if (!ins.rows[0]) return null // made meanwhile by the same request sent twice
      const rows: CommandRow[] = []
      for (const s of stations) {
        rows.push(
          await commands.insert(q, { stationId: s.id, type, data, by: actor.name, publicationId: id }),
        )
        await audit(q, clock.now(), actor.name, type as 'notice.publish' | 'screening.publish', s.id, {
          publicationId: id,
          kind: p.kind,
          title: p.title,
        })
      }
      return rows
    })
    if (made) await commands.send(made)
    return (await this.publication(id)) as Publication
  }

  async publication(id: string): Promise<Publication | null> {
    const { rows } = await this.o.db.query<{
      id: string
      kind: Publication['kind']
      title: string
      data: Record<string, unknown>
      target: Publication['target']
      created_at: Date
      created_by: string
    }>('SELECT * FROM publications WHERE id = $1', [id])
    const r = rows[0]
    if (!r) return null
    const cmds = await this.o.db.query<Parameters<typeof toCommand>[0]>(
      'SELECT * FROM commands WHERE publication_id = $1 ORDER BY station_id',
      [id],
    )
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      data: r.data,
      target: r.target,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      commands: cmds.rows.map(toCommand),
    }
  }
}
