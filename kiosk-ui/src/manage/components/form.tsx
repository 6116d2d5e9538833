import { t } from '../i18n.js'

export { Field, FormError } from '../../lib/field.js'

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
