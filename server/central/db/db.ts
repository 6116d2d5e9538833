/**
 * The central service's database: PostgreSQL of record, or PGlite (PostgreSQL in WebAssembly) in a data
 * folder as the embedded default. Both run the same SQL; this interface is all the service sees of them.
 */
export interface Rows<R> {
  rows: R[]
}

export interface Sql {
  /** One statement with $1… parameters. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Rows<R>>
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres'
  /** Where it is, without a password: a folder or host:port/database. */
  readonly where: string
  /**
   * Runs `fn` in one transaction and resolves once COMMIT has returned; rolls back and rejects when `fn` or
   * the commit fails. Only after it resolves may anything tell the outside world (the station's ack).
   */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>
  /**
   * Calls `fn` with the payload of every NOTIFY on `channel`, from any instance on the same database (live
   * screens of one instance hear what another ingested). Resolves to a function that stops listening.
   */
  listen(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/** Type parsers both drivers share: int8 as a number (seqs stay far below 2^53), dates as YYYY-MM-DD text. */
export const INT8_OID = 20
export const DATE_OID = 1082
export const parseInt8 = (s: string) => Number(s)
export const keepText = (s: string) => s
