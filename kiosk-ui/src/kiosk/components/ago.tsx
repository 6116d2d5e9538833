import { now } from '../../lib/now.js'
import { useSignal } from '../../lib/signal.js'
import { agoText } from '../format.js'

/** Re-renders alone each second, so the rest of the card does not. */
export function Ago({ at, class: className }: { at: string | null; class?: string }) {
  const nowMs = useSignal(now)
  return <span class={className}>{agoText(at, nowMs)}</span>
}
