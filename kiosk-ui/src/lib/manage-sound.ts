// A short beep through WebAudio, so no sound file ships. Browsers keep audio locked until a user gesture,
// so the first tap anywhere unlocks it; before that a new alert is only seen (badge and title), not heard.

let ctx: AudioContext | null = null
let lastAt = 0

/** Beeps closer together than this merge into one: a burst of alerts should not sound like an alarm clock. */
const QUIET_MS = 4000

export function unlockAudio(): void {
  const Ctor = globalThis.AudioContext
  if (!Ctor) return
  ctx ??= new Ctor()
  if (ctx.state === 'suspended') void ctx.resume()
}

/** Listens for the first tap or key, once. */
export function unlockOnFirstGesture(target: EventTarget = document): void {
  const unlock = () => {
    unlockAudio()
    target.removeEventListener('pointerdown', unlock)
    target.removeEventListener('keydown', unlock)
  }
  target.addEventListener('pointerdown', unlock)
  target.addEventListener('keydown', unlock)
}

/** One tone (two for something urgent: a critical alert or a courier asking for help). */
export function beep(urgent = false, nowMs = Date.now()): boolean {
  if (ctx?.state !== 'running' || nowMs - lastAt < QUIET_MS) return false
  lastAt = nowMs
  const start = ctx.currentTime
  for (let i = 0; i < (urgent ? 2 : 1); i++) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'sine'
    osc.frequency.value = urgent ? 988 : 880
    const t0 = start + i * 0.25
    // A quick fade in and out avoids the click of a square edge.
    gain.gain.setValueAtTime(0.0001, t0)
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.18)
    osc.connect(gain).connect(ctx.destination)
    osc.start(t0)
    osc.stop(t0 + 0.2)
  }
  return true
}
