// Form parts without words of their own, shared by the console and the district page.
import type { ComponentChildren } from 'preact'

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
