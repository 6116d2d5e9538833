import { describe, expect, it } from 'vitest'
import { LogLimiter } from '../../server/sensors/log-limiter.js'

describe('the log limiter', () => {
  it('lets one line a minute through per key and says how many it held back', () => {
    let now = 0
    const limiter = new LogLimiter(() => now)
    const logged = []
    for (let i = 0; i < 600; i++) {
      now = i * 100 // ten a second for a minute
      const line = limiter.allow('fridge:payload', 'bad payload')
      if (line) logged.push(line)
    }
    now = 60_000
    logged.push(limiter.allow('fridge:payload', 'bad payload'))
    expect(logged).toEqual(['bad payload', 'bad payload (599 more like it in the last 60 s)'])
  })

  it('keeps keys apart and forgets the oldest past its key cap', () => {
    const limiter = new LogLimiter(() => 0, 60_000, 2)
    expect(limiter.allow('a', 'a')).toBe('a')
    expect(limiter.allow('b', 'b')).toBe('b')
    expect(limiter.allow('c', 'c')).toBe('c')
    expect(limiter.allow('a', 'a')).toBe('a')
  })
})
