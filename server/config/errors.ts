/** A configuration that cannot be used. `problems` lists every one at once, each naming its key. */
export class ConfigError extends Error {
  readonly code: string = 'HUB_ERR_CONFIG'
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** A station file of a newer config version than this release reads: refused before anything is opened. */
export class ConfigVersionError extends ConfigError {
  override readonly code = 'HUB_ERR_CONFIG_VERSION'
  constructor(
    source: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(source, [
      `version: the file is of config version ${found}; this release reads up to version ${supported}. It was written for a newer release: install that release again (or a newer one); nothing was changed`,
    ])
    this.name = 'ConfigVersionError'
  }
}
