import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { FILES } from '../store/files.js'
import { isPasswordHash } from './password.js'

export type Role = 'manager' | 'staff'
export const ROLES: readonly Role[] = ['manager', 'staff']

/** An account from the station config: read-only here, changed by editing the config. */
export interface ConfigUser {
  name: string
  role: Role
  passwordHash: string
}

export interface UserRecord extends ConfigUser {
  createdAt: string
  updatedAt: string
}

/** `<dataDir>/users.json`, written only by `npm run user` (server/cli/user.ts). */
export interface UsersFileData {
  version: 1
  users: UserRecord[]
}

export interface User extends ConfigUser {
  source: 'config' | 'file'
}

export const usersFilePath = (dataDir: string) => join(dataDir, FILES.users)

/** 1–32 characters: ASCII letters, digits, _, - and Chinese (Han) characters. */
const NAME = /^[A-Za-z0-9_\-\p{Script=Han}]{1,32}$/u

/** Names are compared in Unicode NFC, so the same characters typed on two phones are the same name. */
export function normalizeName(name: string): string {
  return name.normalize('NFC')
}

/** Why `name` cannot be an account name, or null when it can. */
export function nameProblem(name: string): string | null {
  return NAME.test(normalizeName(name))
    ? null
    : 'expected 1–32 characters: letters, digits, _, - or Chinese characters'
}

/** Every problem of a list of accounts, each naming its entry, as ConfigError lists them. */
export function userListProblems(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [`${key}: expected a list of accounts`]
  const out: string[] = []
  const seen = new Map<string, number>()
  list.forEach((u: Partial<ConfigUser> | null, i) => {
    const at = `${key}[${i}]`
    if (typeof u !== 'object' || u === null) {
      out.push(`${at}: expected { name, role, passwordHash }`)
      return
    }
    const bad = typeof u.name === 'string' ? nameProblem(u.name) : 'expected a text'
    const name = bad ? '' : normalizeName(u.name as string)
    const first = seen.get(name)
    if (bad) out.push(`${at}.name: ${bad}`)
    else if (first !== undefined) out.push(`${at}.name: "${name}" is already used by ${key}[${first}]`)
    else seen.set(name, i)
    if (!ROLES.includes(u.role as Role)) out.push(`${at}.role: expected manager or staff`)
    if (typeof u.passwordHash !== 'string' || !isPasswordHash(u.passwordHash))
      out.push(`${at}.passwordHash: expected scrypt$N$r$p$salt$hash (make one with npm run user)`)
  })
  return out
}

/** Accounts that cannot be used, with every problem at once. */
export class UsersError extends Error {
  readonly code = 'HUB_ERR_USERS'
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid accounts (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'UsersError'
  }
}

/** Reads users.json without lowdb: the hub only reads it, and must not touch the CLI's temp files. */
export async function readUsersFile(path: string): Promise<UserRecord[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  let data: Partial<UsersFileData>
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new UsersError(path, [`not valid JSON: ${(err as Error).message}`])
  }
  const problems = data?.version === 1 ? userListProblems(data.users, 'users') : ['version: expected 1']
  if (problems.length > 0) throw new UsersError(path, problems)
  return data.users as UserRecord[]
}

/**
 * The accounts the hub knows: the station config's (read-only) and users.json. The file is written by
 * another process (the CLI), so every lookup first checks whether it changed: an account added, removed or
 * given a new password counts at once, without a restart.
 */
export class UserDirectory {
  readonly #path: string
  readonly #config: Map<string, User>
  #file = new Map<string, User>()
  #stamp = ''
  #refreshing: Promise<void> | null = null

  private constructor(path: string, config: Map<string, User>) {
    this.#path = path
    this.#config = config
  }

  /** Throws UsersError when the config list or the file is unusable: a hub must not start half-locked. */
  /** `path`: users.json (the store names it: Store.pathOf). */
  static async open(path: string, configUsers: ConfigUser[] = []): Promise<UserDirectory> {
    const problems = userListProblems(configUsers, 'users')
    if (problems.length > 0) throw new UsersError('station config', problems)
    const config = new Map(
      configUsers.map((u) => [
        normalizeName(u.name),
        { ...u, name: normalizeName(u.name), source: 'config' as const },
      ]),
    )
    const dir = new UserDirectory(path, config)
    await dir.#reload()
    return dir
  }

  /** Names that are both in the config and in users.json: the config's account wins. */
  get shadowed(): string[] {
    return [...this.#file.keys()].filter((n) => this.#config.has(n))
  }

  async get(name: string): Promise<User | undefined> {
    await this.refresh()
    const key = normalizeName(name)
    return this.#config.get(key) ?? this.#file.get(key)
  }

  async list(): Promise<User[]> {
    await this.refresh()
    return [...this.#config.values(), ...[...this.#file.values()].filter((u) => !this.#config.has(u.name))]
  }

  /** Re-reads users.json when it changed (the CLI replaces it by rename, so its inode changes). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#reload().finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  async #reload(): Promise<void> {
    const stamp = await stat(this.#path).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return 'none'
        throw err
      },
    )
    if (stamp === this.#stamp) return
    const records = await readUsersFile(this.#path)
    this.#file = new Map(
      records.map((u) => [
        normalizeName(u.name),
        { name: normalizeName(u.name), role: u.role, passwordHash: u.passwordHash, source: 'file' as const },
      ]),
    )
    this.#stamp = stamp
  }
}
