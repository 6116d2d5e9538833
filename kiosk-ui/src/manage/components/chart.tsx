import type { ComponentProps } from 'preact'
import { Chart as SharedChart } from '../../lib/chart.js'
import { t } from '../i18n.js'

export type { ChartOptions } from '../../lib/chart.js'

/** The console's chart: the shared uPlot chart (lib/chart.tsx) with the console's words. */
export function Chart(props: Omit<ComponentProps<typeof SharedChart>, 'failedText'>) {
  return <SharedChart {...props} failedText={t('chart.failed')} />
}
