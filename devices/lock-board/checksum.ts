/** The two checksums the lock-board families use, over a whole byte range. */

/** Kerong: the low byte of the sum of every byte (KR-CU16 and KR-CU48 protocol v2.1). */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0
  for (let i = start; i < end; i++) s += bytes[i] as number
  return s & 0xff
}

/** Generic 0x8A/0x80 boards: XOR of every byte (the "BCC"). */
export function xor8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0
  for (let i = start; i < end; i++) x ^= bytes[i] as number
  return x
}

/** `02 00 30 03 35` style, for messages and tests. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')
}

/** The reverse of hex(): spaces optional. Throws on anything that is not pairs of hex digits. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '')
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex bytes: "${text}"`)
  return Buffer.from(clean, 'hex')
}
