import { useEffect, useRef, useState } from 'preact/hooks'
import type uPlot from 'uplot'

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>

/**
 * A uPlot chart that fills its container's width, for the console and the district page. uPlot is loaded
 * on first use, so the screen a phone opens on does not wait for the chart library.
 */
export function Chart(props: {
  data: uPlot.AlignedData
  /** Built once uPlot is loaded (bars need its path builders). */
  options: (U: typeof uPlot) => ChartOptions
  /** Changes when the options would: the chart is rebuilt then, and when `data` changes. */
  optionsKey: string
  height?: number
  label: string
  /** Shown when the chart library could not be loaded, in the page's language. */
  failedText: string
}) {
  const box = useRef<HTMLDivElement>(null)
  const [failed, setFailed] = useState(false)
  const height = props.height ?? 220
  useEffect(() => {
    let plot: uPlot | null = null
    let observer: ResizeObserver | null = null
    let gone = false
    import('./chart-lib.js')
      .then(({ UPlot }) => {
        const el = box.current
        if (gone || !el) return
        plot = new UPlot({ ...props.options(UPlot), width: el.clientWidth, height }, props.data, el)
        observer = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height }))
        observer.observe(el)
      })
      .catch(() => setFailed(true))
    return () => {
      gone = true
      observer?.disconnect()
      plot?.destroy()
    }
  }, [props.data, props.optionsKey, height])
  return (
    <div class="chart" role="img" aria-label={props.label} ref={box} style={{ minHeight: `${height}px` }}>
      {failed && <p class="form-error">{props.failedText}</p>}
    </div>
  )
}
