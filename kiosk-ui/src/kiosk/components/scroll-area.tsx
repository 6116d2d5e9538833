import type { ComponentChildren } from 'preact'
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import { t } from '../i18n.js'

interface ScrollAreaProps {
  children: ComponentChildren
  class?: string
  /** The list's name for a screen reader. */
  label?: string
}

/** Within 2 px of the end counts as the end (sub-pixel sizes on scaled panels). */
const END_SLACK = 2

/**
 * The part of a screen that may be longer than its space (a list of events, the home tiles): it takes what
 * is left between the prompt and the buttons, scrolls by touch, and says "more below" while there is more,
 * so nothing under the fold is missed and the screen's buttons never move off it.
 */
export function ScrollArea({ children, class: className, label }: ScrollAreaProps) {
  const list = useRef<HTMLElement>(null)
  const [more, setMore] = useState(false)

  useLayoutEffect(() => {
    const el = list.current
    if (!el) return
    const check = () => setMore(el.scrollTop + el.clientHeight < el.scrollHeight - END_SLACK)
    check()
    // Its own size (the window turned) and its content's (a list loaded, a card grew) both change it.
    const watch = new ResizeObserver(check)
    watch.observe(el)
    for (const child of el.children) watch.observe(child)
    const added = new MutationObserver(() => {
      for (const child of el.children) watch.observe(child)
      check()
    })
    added.observe(el, { childList: true, subtree: true, characterData: true })
    el.addEventListener('scroll', check, { passive: true })
    return () => {
      watch.disconnect()
      added.disconnect()
      el.removeEventListener('scroll', check)
    }
  }, [])

  return (
    <div class={`scroll-area${more ? ' scroll-area--more' : ''}`}>
      <section class={`scroll-area__list ${className ?? ''}`} ref={list} data-scroll aria-label={label}>
        {children}
      </section>
      {more && (
        <p class="scroll-area__more" data-testid="more-below" aria-hidden="true">
          <span class="scroll-area__chevron" />
          {t('scroll.more')}
        </p>
      )}
    </div>
  )
}
