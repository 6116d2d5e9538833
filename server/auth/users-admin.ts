import type { Low } from 'lowdb'
import { openStateDb } from '../store/durable-file.js'
import { hashPassword } from './password.js'
import {
  type ConfigUser,
  nameProblem,
  normalizeName,
  type Role,
  type User,
  UsersError,
  type UsersFileData,
  userListProblems,
  usersFilePath,
} from './users.js'

/**
 * The write side of users.json, for `npm run user` only: the hub never writes the file. Writes go through
 * lowdb over DurableJsonFile (temp file, fsync, rename, fsync of the folder), so the running hub always
 * reads a whole file and sees a change on its next lookup.
 */

/** A change that cannot be made (name taken, no such account, …); the message says why. */
export class AccountError extends Error {}

export interface AccountsSource {
  dataDir: string
  /** Accounts of the station config: listed, and never changed or shadowed from here. */
  configUsers: ConfigUser[]
}

async function open(dataDir: string): Promise<{ db: Low<UsersFileData>; path: string }> {
  const path = usersFilePath(dataDir)
  const db = await openStateDb<UsersFileData>(path, { version: 1, users: [] })
  const problems = db.data.version === 1 ? userListProblems(db.data.users, 'users') : ['version: expected 1']
  if (problems.length > 0) throw new UsersError(path, problems)
  return { db, path }
}

const inConfig = (from: AccountsSource, name: string) =>
  from.configUsers.some((u) => normalizeName(u.name) === name)

export async function loadAccounts(from: AccountsSource): Promise<{ path: string; users: User[] }> {
  const { db, path } = await open(from.dataDir)
  const config: User[] = from.configUsers.map((u) => ({ ...u, source: 'config' }))
  const file: User[] = db.data.users
    .filter((u) => !inConfig(from, normalizeName(u.name)))
    .map(({ name, role, passwordHash }) => ({ name, role, passwordHash, source: 'file' }))
  return { path, users: [...config, ...file] }
}

/** Throws AccountError when `name` cannot be added (or, with force, replaced); the path when it can. */
export async function checkAdd(from: AccountsSource, rawName: string, force: boolean): Promise<string> {
  const { db, path } = await open(from.dataDir)
  refuseAdd(from, db.data, path, normalizeName(rawName), force, rawName)
  return path
}

function refuseAdd(
  from: AccountsSource,
  data: UsersFileData,
  path: string,
  name: string,
  force: boolean,
  raw: string,
) {
  const problem = nameProblem(name)
  if (problem) throw new AccountError(`name "${raw}": ${problem}`)
  if (inConfig(from, name))
    throw new AccountError(`"${name}" is defined in the station config; change it there, not with this tool`)
  if (!force && data.users.some((u) => normalizeName(u.name) === name))
    throw new AccountError(`"${name}" exists already (${path}); add --force to set its role and password`)
}

export async function saveAccount(
  from: AccountsSource,
  opts: { name: string; role: Role; password: string; force: boolean },
): Promise<{ path: string; replaced: boolean }> {
  const name = normalizeName(opts.name)
  const { db, path } = await open(from.dataDir)
  refuseAdd(from, db.data, path, name, opts.force, opts.name)
  const existing = db.data.users.find((u) => normalizeName(u.name) === name)
  const passwordHash = await hashPassword(opts.password)
  const now = new Date().toISOString()
  if (existing) Object.assign(existing, { role: opts.role, passwordHash, updatedAt: now })
  else db.data.users.push({ name, role: opts.role, passwordHash, createdAt: now, updatedAt: now })
  await db.write()
  return { path, replaced: existing !== undefined }
}

export async function removeAccount(from: AccountsSource, rawName: string): Promise<string> {
  const name = normalizeName(rawName)
  if (inConfig(from, name))
    throw new AccountError(`"${name}" is defined in the station config; remove it there, not with this tool`)
  const { db, path } = await open(from.dataDir)
  const before = db.data.users.length
  db.data.users = db.data.users.filter((u) => normalizeName(u.name) !== name)
  if (db.data.users.length === before) throw new AccountError(`no account "${name}" in ${path}`)
  await db.write()
  return path
}
