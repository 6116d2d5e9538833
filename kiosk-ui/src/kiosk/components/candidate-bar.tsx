import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Candidate } from '../pinyin/candidates.js'
import { type BarMetrics, paginate } from '../pinyin/pages.js'

interface CandidateBarProps {
  candidates: readonly Candidate[]
  onPick(candidate: Candidate): void
  /** Shown in the bar while there is nothing to pick. */
  hint: string
  labels: { previous: string; next: string }
}

/** Smallest finger target, px: the same as the keys'. */
const MIN_TARGET = 64

function measure(list: HTMLElement): BarMetrics {
  const char = Number.parseFloat(getComputedStyle(list).fontSize) || 32
  // Each candidate has half an em of padding a side and a 1 px border (see keyboard.css).
  return { width: list.clientWidth, char, padding: char + 1, min: MIN_TARGET }
}

/**
 * The band above the keys with the characters to pick, a page at a time: whole candidates only, as many as
 * fit, with buttons to page on and back. Paging starts over when the candidates change.
 */
export function CandidateBar({ candidates, onPick, hint, labels }: CandidateBarProps) {
  const list = useRef<HTMLDivElement>(null)
  const [metrics, setMetrics] = useState<BarMetrics | null>(null)
  // The page belongs to the candidates it was chosen among: new candidates start on their first page in
  // the very render that shows them (an effect resetting it would show a later page for a frame, and a
  // quick second tap would land there).
  const [paging, setPaging] = useState<{ of: readonly Candidate[]; page: number }>({
    of: candidates,
    page: 0,
  })
  const page = paging.of === candidates ? paging.page : 0
  const setPage = (n: number) => setPaging({ of: candidates, page: n })

  useLayoutEffect(() => {
    const el = list.current
    if (!el) return
    setMetrics(measure(el))
    const watch = new ResizeObserver(() => setMetrics(measure(el)))
    watch.observe(el)
    return () => watch.disconnect()
  }, [])

  const pages = metrics
    ? paginate(
        candidates.map((c) => c.text),
        metrics,
      )
    : []
  const current = Math.min(page, Math.max(0, pages.length - 1))
  const shown = pages[current]
  return (
    <div class="candidates" data-testid="candidates">
      <button
        type="button"
        class="candidates__page candidates__page--previous"
        aria-label={labels.previous}
        disabled={current === 0}
        onClick={() => setPage(current - 1)}
        data-testid="candidates-previous"
      />
      <div class="candidates__list" ref={list}>
        {candidates.length === 0 && <span class="candidates__hint">{hint}</span>}
        {shown &&
          candidates.slice(shown.start, shown.start + shown.count).map((c) => (
            <button
              key={c.text}
              type="button"
              class="candidates__item"
              onClick={() => onPick(c)}
              data-testid="candidate"
            >
              {c.text}
            </button>
          ))}
      </div>
      <button
        type="button"
        class="candidates__page candidates__page--next"
        aria-label={labels.next}
        disabled={current >= pages.length - 1}
        onClick={() => setPage(current + 1)}
        data-testid="candidates-next"
      />
    </div>
  )
}
