import { createInterface } from 'node:readline/promises'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { hashPassword } from '../auth/password.js'
import { nameProblem, normalizeName, ROLES, type Role, UsersError } from '../auth/users.js'
import {
  AccountError,
  type AccountsSource,
  checkAdd,
  loadAccounts,
  removeAccount,
  saveAccount,
} from '../auth/users-admin.js'

const USAGE = `usage: sudo red-station-hub user <command> [options]     on an installed station
       node dist/server/cli/user.js <command> [options]    (npm run user -- <command> in a checkout)
  add <name> --role manager|staff [--force]   add an account; asks for its password twice (on a terminal)
                                             or reads one line from stdin (echo secret | … add …)
                                             --force: the account exists already: set its role and password
  list                                       the accounts: name, role, and where each is defined
  remove <name>                              remove an account from users.json; its sessions end at once
  hash                                       print the scrypt hash of a password, for a users: entry of
                                             the station config (the password itself is never stored)
options:
  --data-dir <dir>   folder of users.json; default: store.dataDir of the station config, else ./data
  --config <file>    station configuration (also $REDSTATION_CONFIG)
Names: 1–32 letters, digits, _, - or Chinese characters. Passwords: at least 8 characters.`

/** How to add an account, on a station and in a checkout (as the hub's start-up warning says). */
const ADD_HINT =
  'sudo red-station-hub user add <name> --role manager (in a checkout: npm run user -- add <name> --role manager)'

/** CONFIG_ENV of server/config/load.ts, which is imported only when a config is given. */
const CONFIG_ENV = 'REDSTATION_CONFIG'
const MIN_PASSWORD = 8
const MAX_PASSWORD = 1024

/** Bad usage: exit 2 with the usage text. */
class UsageError extends Error {}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        force: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

async function source(values: ReturnType<typeof parse>['values']): Promise<AccountsSource> {
  // Loaded only with a config: the config schema takes seconds to load on a Pi, the rest of this tool does not.
  const load = values.config || process.env[CONFIG_ENV] ? await import('../config/load.js') : undefined
  const configPath = values.config ?? load?.configPathFrom([], process.env)
  const config = load && configPath ? await load.loadConfig(configPath) : undefined
  const configUsers = (config as { users?: AccountsSource['configUsers'] } | undefined)?.users ?? []
  return { dataDir: values['data-dir'] ?? config?.store.dataDir ?? './data', configUsers }
}

/** Reads a password without echo on a terminal (asked twice), else the first line of stdin. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, terminal: false })
    for await (const line of rl) return line
    return ''
  }
  let muted = false
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  rl.on('SIGINT', () => {
    process.stderr.write('\n')
    process.exit(130)
  })
  const ask = async (prompt: string) => {
    muted = false
    const answer = rl.question(prompt)
    muted = true
    const text = await answer
    process.stderr.write('\n')
    return text
  }
  try {
    const first = await ask('Password: ')
    if ([...first].length >= MIN_PASSWORD && (await ask('Same password again: ')) !== first)
      throw new AccountError('the two passwords differ; nothing changed')
    return first
  } finally {
    rl.close()
  }
}

async function checkedPassword(): Promise<string> {
  const password = await readPassword()
  const length = [...password].length
  if (length < MIN_PASSWORD)
    throw new AccountError(`the password must have at least ${MIN_PASSWORD} characters`)
  if (length > MAX_PASSWORD)
    throw new AccountError(`the password must have at most ${MAX_PASSWORD} characters`)
  return password
}

async function add(name: string | undefined, values: ReturnType<typeof parse>['values']) {
  if (!name) throw new UsageError('add: which name? e.g. add li --role manager')
  const role = values.role as Role | undefined
  if (!role || !ROLES.includes(role)) throw new UsageError('add: --role manager or --role staff is required')
  const problem = nameProblem(name)
  if (problem) throw new UsageError(`add: name "${name}": ${problem}`)
  const from = await source(values)
  // Refuse before asking for a password that would be thrown away.
  await checkAdd(from, name, values.force ?? false)
  const password = await checkedPassword()
  const { path, replaced } = await saveAccount(from, { name, role, password, force: values.force ?? false })
  console.log(`${replaced ? 'updated' : 'added'} ${role} ${normalizeName(name)} (${path})`)
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv)
  const [command, name, ...extra] = positionals
  if (values.help || command === 'help') return console.log(USAGE)
  if (!command) throw new UsageError('which command? add, list or remove')
  const arity = { add: 1, remove: 1, list: 0, hash: 0 }[command]
  if (arity === undefined) throw new UsageError(`unknown command "${command}"`)
  if ((arity === 0 && name !== undefined) || extra.length > 0)
    throw new UsageError(`too many arguments: ${[...(arity ? [] : [name]), ...extra].join(' ')}`)
  if (command !== 'add' && (values.role !== undefined || values.force))
    throw new UsageError('--role and --force go with add only')

  if (command === 'add') return add(name, values)
  if (command === 'hash') return console.log(await hashPassword(await checkedPassword()))
  const from = await source(values)
  if (command === 'remove') {
    if (!name) throw new UsageError('remove: which name?')
    const path = await removeAccount(from, name)
    return console.log(`removed ${normalizeName(name)} (${path}); its sessions end at once`)
  }
  const { path, users } = await loadAccounts(from)
  if (users.length === 0) {
    console.error(`no accounts yet (${path}); add one: ${ADD_HINT}`)
    return
  }
  for (const u of users)
    console.log(`${u.name}\t${u.role}\t${u.source === 'config' ? 'station config' : path}`)
}

// users.json holds password hashes: files this tool makes are for the hub's user only (0600).
process.umask(process.umask() | 0o077)
main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as Error
  if (err instanceof UsageError) {
    console.error(`${e.message}\n${USAGE}`)
    process.exit(2)
  }
  const known = err instanceof AccountError || err instanceof UsersError || e.name === 'ConfigError'
  console.error(known ? e.message : `user: ${e.message ?? err}`)
  process.exit(1)
})
