/**
 * Reads the fixed header of every MQTT packet a client sends (MQTT 3.1.1 §2.2, MQTT 5 §2.1.4: one byte of
 * type and flags, then the remaining length in 1–4 bytes of 7 bits each) and says when a packet is larger
 * than allowed, as soon as its header is in. aedes (mqtt-packet) has no size limit: it buffers a whole packet
 * before it looks at it, so a client claiming 250 MiB made the hub hold 250 MiB. Counting here costs a few
 * comparisons a chunk; the body bytes are skipped, never copied.
 */
export class PacketSizeGuard {
  readonly #limit: number
  /** Body bytes still to skip of the packet in progress. */
  #skip = 0
  /** Where we are in a fixed header: 0 = the type byte is next, 1–4 = remaining-length bytes read so far. */
  #headerByte = 0
  #length = 0
  #multiplier = 1

  /** `limit`: the largest whole packet accepted, fixed header included. */
  constructor(limit: number) {
    this.#limit = limit
  }

  /** Feeds the next chunk from the client; returns the size of the first packet over the limit, else null. */
  feed(chunk: Buffer): number | null {
    let i = 0
    while (i < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - i)
        this.#skip -= n
        i += n
        continue
      }
      const byte = chunk[i++] as number
      if (this.#headerByte === 0) {
        this.#headerByte = 1
        this.#length = 0
        this.#multiplier = 1
        continue
      }
      this.#length += (byte & 0x7f) * this.#multiplier
      this.#multiplier *= 128
      this.#headerByte++
      // More than 4 length bytes is malformed [MQTT-2.2.3]; aedes closes the client for it, so stop counting.
      if (byte & 0x80 && this.#headerByte <= 4) continue
      const total = this.#length + this.#headerByte
      if (total > this.#limit) return total
      this.#skip = this.#length
      this.#headerByte = 0
    }
    return null
  }
}
