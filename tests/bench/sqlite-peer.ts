/**
 * SQLite as the measured peer of the store (issue 8 point 9): better-sqlite3 12.x (13.x needs Node 22),
 * WAL mode with synchronous=FULL, so a committed row is on disk as a journal append is.
 *
 * It is not a dependency of the hub: `npm run bench` installs it on first use into tests/bench/.peer/
 * (ignored by git), which needs the npm registry and a C++ toolchain (node-gyp builds it against Node's
 * headers: python3, make, g++). Where that fails, the benchmarks say so and go on without the peer.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { repoRoot } from './lib.js'

export interface Statement {
  run(...params: unknown[]): unknown
  iterate(...params: unknown[]): IterableIterator<unknown>
  raw(on?: boolean): Statement
}

export interface SqliteDb {
  pragma(source: string): unknown
  exec(source: string): unknown
  prepare(source: string): Statement
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void
  close(): void
}

type Open = (file: string) => SqliteDb

const PEER = join(repoRoot, 'tests/bench/.peer')
const PACKAGE = 'better-sqlite3@12'

function tryLoad(): Open | null {
  try {
    const require = createRequire(join(PEER, 'package.json'))
    const Database = require('better-sqlite3') as new (file: string) => SqliteDb
    // Loading the module is not enough: the native binding loads on the first open.
    new Database(':memory:').close()
    return (file) => new Database(file)
  } catch {
    return null
  }
}

/** better-sqlite3, installed on first use; null (with the reason printed) where it cannot be. */
export function loadSqlite(): Open | null {
  const loaded = tryLoad()
  if (loaded) return loaded
  console.log(
    `sqlite peer: installing ${PACKAGE} into tests/bench/.peer (first run only; builds with node-gyp)`,
  )
  mkdirSync(PEER, { recursive: true })
  const npm = spawnSync(
    'npm',
    ['install', '--prefix', PEER, '--no-save', '--no-package-lock', '--foreground-scripts', PACKAGE],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 },
  )
  const again = tryLoad()
  if (!again)
    console.log(
      `sqlite peer: not available (npm exited ${npm.status ?? npm.signal}); the figures below leave it out`,
    )
  return again
}

/** A database file as the store's peer keeps it: WAL, every commit fsynced (synchronous=FULL). */
export function openDurable(open: Open, file: string): SqliteDb {
  const db = open(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(
    'CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL)',
  )
  return db
}
