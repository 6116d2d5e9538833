import { t } from '../i18n.js'
import { Icon } from './icons.js'

interface StepperProps {
  value: number
  min: number
  max: number
  /** What is counted, for a number (盒; box or boxes), shown after it. */
  unit: (n: number) => string
  label: string
  onChange(value: number): void
}

/** A number picked with two big buttons, − and +: no keypad for a count of one to ten. */
export function Stepper({ value, min, max, unit, label, onChange }: StepperProps) {
  return (
    <fieldset class="stepper" aria-label={label}>
      <button
        type="button"
        class="stepper__btn"
        aria-label={t('medicine.fewer')}
        disabled={value <= min}
        onClick={() => onChange(Math.max(min, value - 1))}
        data-testid="fewer"
      >
        <Icon name="minus" />
      </button>
      <output class="stepper__value" data-testid="quantity">
        {t('medicine.quantity', { n: value, unit: unit(value) })}
      </output>
      <button
        type="button"
        class="stepper__btn"
        aria-label={t('medicine.more')}
        disabled={value >= max}
        onClick={() => onChange(Math.min(max, value + 1))}
        data-testid="more"
      >
        <Icon name="plus" />
      </button>
    </fieldset>
  )
}
