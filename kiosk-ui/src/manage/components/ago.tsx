import { now } from '../../lib/now.js'
import { useSignal } from '../../lib/signal.js'
import { ago, dateTime } from '../i18n.js'

/** "12 分钟前", re-rendering alone on each clock tick; the exact time is in the tooltip and for readers. */
export function Ago({ at }: { at: string | null }) {
  const nowMs = useSignal(now)
  return (
    <time dateTime={at ?? undefined} title={dateTime(at)}>
      {ago(at, nowMs)}
    </time>
  )
}
