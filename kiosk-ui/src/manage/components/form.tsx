import type { ComponentChildren } from 'preact'
import { t } from '../i18n.js'

/** A labelled field: the label above, full width, so it reads on a 360 px screen. */
export function Field({
  label,
  children,
  hint,
}: {
  label: string
  children: ComponentChildren
  hint?: string
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in, which the label wraps
    <label class="field">
      <span class="field__label">{label}</span>
      {children}
      {hint && <span class="field__hint">{hint}</span>}
    </label>
  )
}

export function FormError({ text }: { text: string | null }) {
  return text ? (
    <p class="form-error" role="alert">
      {text}
    </p>
  ) : null
}

/**
 * Close-without-saving and submit at the bottom of a sheet; submit is the wide one, where the thumb is.
 * Not "取消": next to 取消活动 it read as calling the event off.
 */
export function FormButtons({
  busy,
  label,
  onCancel,
}: {
  busy: boolean
  label: string
  onCancel: () => void
}) {
  return (
    <div class="form-buttons">
      <button type="button" class="btn btn--ghost" onClick={onCancel}>
        {t('common.discard')}
      </button>
      <button type="submit" class="btn btn--primary" disabled={busy} data-testid="submit">
        {busy ? t('common.saving') : label}
      </button>
    </div>
  )
}

/** Loading and error lines of a screen. */
export function LoadState({
  loading,
  error,
  empty,
}: {
  loading: boolean
  error: string | null
  empty?: string
}) {
  if (error)
    return (
      <p class="form-error" role="alert">
        {error}
      </p>
    )
  if (loading) return <p class="muted">{t('common.loading')}</p>
  return empty ? <p class="muted">{empty}</p> : null
}
