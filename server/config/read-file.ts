import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { ConfigError } from './errors.js'

/**
 * A settings file as data: JSON when its name ends in .json, else YAML. A file that cannot be read or parsed
 * is a ConfigError naming the file and why. Used by the station config and the district's settings alike.
 */
export async function readSettingsFile(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new ConfigError(path, [`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`])
  }
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new ConfigError(path, [
      `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`,
    ])
  }
}
