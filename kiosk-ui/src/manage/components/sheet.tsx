import type { ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks'
import { t } from '../i18n.js'

/**
 * A bottom sheet on a phone, a centred dialog on a wide screen. Escape or the backdrop closes it; focus
 * moves into it on open so the phone's keyboard comes up on the first field.
 */
export function Sheet(props: {
  title: string
  onClose: () => void
  children: ComponentChildren
  testid?: string
}) {
  const panel = useRef<HTMLDivElement>(null)
  // Before the first paint, not in a later effect: a focus moved after the manager has already tapped
  // another field would send what they type into the first one.
  useLayoutEffect(() => {
    panel.current?.querySelector<HTMLElement>('input, textarea, select, button:not(.sheet__close)')?.focus()
  }, [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose()
    addEventListener('keydown', onKey)
    document.body.classList.add('no-scroll')
    return () => {
      removeEventListener('keydown', onKey)
      document.body.classList.remove('no-scroll')
    }
  }, [])
  return (
    <div class="sheet">
      <button
        type="button"
        class="sheet__backdrop"
        tabIndex={-1}
        aria-label={t('common.close')}
        onClick={props.onClose}
      />
      <div
        class="sheet__panel"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        ref={panel}
        data-testid={props.testid}
      >
        <header class="sheet__head">
          <h2>{props.title}</h2>
          <button type="button" class="sheet__close" aria-label={t('common.close')} onClick={props.onClose}>
            ×
          </button>
        </header>
        {props.children}
      </div>
    </div>
  )
}

/** "Are you sure?" for what cannot be undone (cancelling an event, expiring a notice). */
export function ConfirmSheet(props: {
  title: string
  text: string
  confirm: string
  /** The way out that changes nothing; "返回" unless it must not read like the action (取消 vs 取消活动). */
  back?: string
  busy: boolean
  error: string | null
  onConfirm: () => void
  onClose: () => void
}) {
  return (
    <Sheet title={props.title} onClose={props.onClose} testid="confirm-sheet">
      <p class="sheet__lead">{props.text}</p>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="form-buttons">
        <button type="button" class="btn btn--ghost" onClick={props.onClose}>
          {props.back ?? t('common.back')}
        </button>
        <button
          type="button"
          class="btn btn--danger"
          disabled={props.busy}
          onClick={props.onConfirm}
          data-testid="confirm"
        >
          {props.confirm}
        </button>
      </div>
    </Sheet>
  )
}
