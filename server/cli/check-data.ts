import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, configPathFrom, loadConfig } from '../config/load.js'
import { CONFIG_VERSION } from '../config/version.js'
import { StoreFileError } from '../store/errors.js'
import { DATA_FORMAT } from '../store/files.js'
import { folderFormat } from '../store/format.js'

const USAGE = `usage: node dist/server/cli/check-data.js --config <station.yaml> [--data <dir>] [--root <dir>]
Says whether this release can run on a station's config and data folder, changing nothing in either.
  --config <file>  the station file (also $REDSTATION_CONFIG); its store.dataDir is the data folder
  --data <dir>     the data folder (instead of, or over, the station file's store.dataDir)
  --root <dir>     read the station file's absolute store.dataDir under this folder (an install into a folder)
Exit 0: this release can run them (an older config or data format is brought forward at start);
1: it cannot (a newer format, or a file it cannot read), and says why; 2: bad usage.`

class UsageError extends Error {}

/** Where each finding is told, one line each. */
type Say = (line: string) => void

async function checkConfig(path: string, say: Say): Promise<{ ok: boolean; dataDir?: string }> {
  const notes: string[] = []
  try {
    const config = await loadConfig(path, { onNote: (n) => notes.push(n) })
    if (notes.length === 0) say(`config ${path}: version ${CONFIG_VERSION}, this release's`)
    else say(`config ${path}: of an older version, which this release reads:`)
    for (const n of notes) say(`  - ${n}`)
    return { ok: true, dataDir: config.store.dataDir }
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    say(err.message)
    return { ok: false }
  }
}

async function checkData(dir: string, say: Say): Promise<boolean> {
  try {
    const f = await folderFormat(dir)
    if (f.kind === 'new') say(`data ${dir}: none yet; made at the first start (format ${DATA_FORMAT})`)
    else if (f.kind === 'older')
      say(`data ${dir}: format ${f.format}; brought forward to format ${DATA_FORMAT} at the next start`)
    else say(`data ${dir}: format ${DATA_FORMAT}, this release's`)
    return true
  } catch (err) {
    if (!(err instanceof StoreFileError)) throw err
    say(`data: ${err.message}`)
    return false
  }
}

async function main(argv: string[]): Promise<number> {
  let values: { config?: string; data?: string; root?: string; help?: boolean }
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const configPath = values.config ?? configPathFrom([], process.env)
  if (!configPath && !values.data) throw new UsageError('give --config, --data, or both')
  const say = (line: string) => console.log(line)
  let ok = true
  let dataDir = values.data
  if (configPath) {
    const c = await checkConfig(configPath, say)
    ok = c.ok
    if (!dataDir && c.dataDir)
      dataDir = values.root && isAbsolute(c.dataDir) ? join(values.root, c.dataDir) : resolve(c.dataDir)
  }
  if (dataDir) ok = (await checkData(dataDir, say)) && ok
  else say('data: not checked (the station file could not be read)')
  if (!ok) console.error('this release cannot run on them: nothing was changed')
  return ok ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`)
      process.exit(2)
    }
    console.error(`check-data: ${(err as Error).message ?? err}`)
    process.exit(1)
  },
)
