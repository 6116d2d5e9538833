import type { FastifyReply } from 'fastify'

/** `{ digits }`: a code such as 048213 that a spreadsheet must keep as text, leading zero and all. */
export type Cell = string | number | null | { digits: string }

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. Text starting with
 * = + - @ or a tab/CR is a formula to a spreadsheet, so it gets a leading ' and stays text (OWASP, "CSV
 * injection"): names and titles are typed by couriers and managers. Numbers are written as they are.
 * Digits are written ="048213", the form Excel and WPS open as text rather than as the number 48213.
 */
export function csvCell(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  if (typeof v === 'object') return /^\d+$/.test(v.digits) ? `"=""${v.digits}"""` : csvCell(v.digits)
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/**
 * The file: UTF-8 with a byte-order mark, without which Excel reads it in the system's ANSI code page and
 * shows Chinese as mojibake; CRLF line ends, as RFC 4180 has them.
 */
export function toCsv(rows: Cell[][]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

/**
 * A download's Content-Disposition: `filename` (letters, digits, - and . only: no quoting needed), and when
 * given a name in Chinese as well (RFC 6266 `filename*`, which browsers prefer when they read it).
 */
export function attachment(filename: string, utf8Name?: string): string {
  const plain = `attachment; filename="${filename}"`
  return utf8Name ? `${plain}; filename*=UTF-8''${encodeURIComponent(utf8Name)}` : plain
}

/** Sends rows as a download named `filename` (and `utf8Name`, see attachment()). */
export function sendCsv(
  reply: FastifyReply,
  filename: string,
  rows: Cell[][],
  utf8Name?: string,
): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', attachment(filename, utf8Name))
    .header('cache-control', 'no-store')
    .send(toCsv(rows))
}
