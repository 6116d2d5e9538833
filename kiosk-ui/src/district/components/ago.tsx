import { now } from '../../lib/now.js'
import { useSignal } from '../../lib/signal.js'
import { agoWords, when } from '../i18n.js'

/** "12 分钟前", re-rendering alone on each clock tick; the exact time in the tooltip. */
export function Ago({ at }: { at: string | null }) {
  const nowMs = useSignal(now)
  return (
    <time dateTime={at ?? undefined} title={when(at)}>
      {agoWords(at, nowMs)}
    </time>
  )
}
