import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { kioskConfig } from '../../kiosk-ui/src/kiosk/data.js'
import { go, idleWarning, route, session, startIdleReset, warnSeconds } from '../../kiosk-ui/src/kiosk/nav.js'
import { lang, setLang } from '../../kiosk-ui/src/lib/i18n.js'
import { countdown, createIdleTimer } from '../../kiosk-ui/src/lib/idle.js'
import type { KioskConfig } from '../../kiosk-ui/src/lib/types.js'

const seconds = (n: number) => n * 1000

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('idle timer', () => {
  it('fires once after the timeout without a touch', async () => {
    const onIdle = vi.fn()
    createIdleTimer({ timeoutMs: () => seconds(60), onIdle })
    await vi.advanceTimersByTimeAsync(seconds(59))
    expect(onIdle).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(seconds(1))
    expect(onIdle).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(seconds(600))
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('starts the full timeout again at every touch', async () => {
    const onIdle = vi.fn()
    const timer = createIdleTimer({ timeoutMs: () => seconds(60), onIdle })
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(seconds(50))
      timer.touch()
    }
    expect(onIdle).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(seconds(60))
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('reads the timeout at each touch, so a new setting applies from the next touch', async () => {
    const onIdle = vi.fn()
    let timeout = seconds(60)
    const timer = createIdleTimer({ timeoutMs: () => timeout, onIdle })
    timeout = seconds(10)
    timer.touch()
    await vi.advanceTimersByTimeAsync(seconds(10))
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('never fires once stopped, touched or not', async () => {
    const onIdle = vi.fn()
    const timer = createIdleTimer({ timeoutMs: () => seconds(60), onIdle })
    timer.stop()
    timer.touch()
    await vi.advanceTimersByTimeAsync(seconds(600))
    expect(onIdle).not.toHaveBeenCalled()
  })

  it('uses the scheduler it is given', () => {
    const calls: number[] = []
    const scheduler = { setTimeout: (_fn: () => void, ms: number) => calls.push(ms), clearTimeout: () => {} }
    const timer = createIdleTimer({ timeoutMs: () => 5000, onIdle: () => {}, scheduler })
    timer.touch()
    expect(calls).toEqual([5000, 5000])
  })
})

describe('confirmation countdown', () => {
  it('counts whole seconds down, then returns', async () => {
    const ticks: number[] = []
    const done = vi.fn()
    countdown(3, (left) => ticks.push(left), done)
    expect(ticks).toEqual([3])
    await vi.advanceTimersByTimeAsync(seconds(2))
    expect(ticks).toEqual([3, 2, 1])
    expect(done).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(seconds(1))
    expect(done).toHaveBeenCalledTimes(1)
  })

  it('does nothing more once cancelled (the courier tapped home)', async () => {
    const done = vi.fn()
    const cancel = countdown(6, () => {}, done)
    await vi.advanceTimersByTimeAsync(seconds(2))
    cancel()
    await vi.advanceTimersByTimeAsync(seconds(60))
    expect(done).not.toHaveBeenCalled()
  })
})

describe('kiosk idle reset', () => {
  const config = { idleResetSec: 60 } as KioskConfig
  let stop: () => void = () => {}
  afterEach(() => {
    stop()
    kioskConfig.value = null
  })

  it('returns home in Chinese after idleResetSec without a touch, on any screen', async () => {
    kioskConfig.value = config
    const screen = new EventTarget()
    stop = startIdleReset(screen)
    go({ name: 'checkin' })
    setLang('en')
    const before = session.value
    await vi.advanceTimersByTimeAsync(seconds(30))
    screen.dispatchEvent(new Event('pointerdown'))
    await vi.advanceTimersByTimeAsync(seconds(59))
    expect(route.value.name).toBe('checkin')
    await vi.advanceTimersByTimeAsync(seconds(1))
    expect(route.value.name).toBe('home')
    expect(lang.value).toBe('zh-CN')
    // A new session remounts the screens: what was typed is gone.
    expect(session.value).toBe(before + 1)
  })

  it('waits the configured time from the hub', async () => {
    kioskConfig.value = { ...config, idleResetSec: 15 }
    stop = startIdleReset(new EventTarget())
    go({ name: 'help' })
    await vi.advanceTimersByTimeAsync(seconds(15))
    expect(route.value.name).toBe('home')
  })

  it('warns a few seconds before the reset, and a touch takes the warning away (issue #10 point 19)', async () => {
    kioskConfig.value = config
    const screen = new EventTarget()
    stop = startIdleReset(screen)
    go({ name: 'checkin' })
    await vi.advanceTimersByTimeAsync(seconds(49))
    expect(idleWarning.value).toBeNull()
    await vi.advanceTimersByTimeAsync(seconds(1))
    // 10 s before a 60 s reset: the home screen comes at the time the warning names.
    expect(idleWarning.value).toBe(Date.now() + seconds(10))
    screen.dispatchEvent(new Event('pointerdown'))
    expect(idleWarning.value).toBeNull()
    await vi.advanceTimersByTimeAsync(seconds(59))
    expect(route.value.name).toBe('checkin')
    await vi.advanceTimersByTimeAsync(seconds(1))
    expect(route.value.name).toBe('home')
    expect(idleWarning.value).toBeNull()
  })

  it('warns for a quarter of a short timeout, between 3 and 10 s', () => {
    expect(warnSeconds(10)).toBe(3)
    expect(warnSeconds(20)).toBe(5)
    expect(warnSeconds(60)).toBe(10)
    expect(warnSeconds(3600)).toBe(10)
  })

  it('stops listening and timing when stopped', async () => {
    kioskConfig.value = config
    stop = startIdleReset(new EventTarget())
    stop()
    go({ name: 'screenings' })
    await vi.advanceTimersByTimeAsync(seconds(600))
    expect(route.value.name).toBe('screenings')
  })
})
