import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format'

export interface Scrape {
  status: number
  contentType: string | null
  families: Map<string, PromFamily>
  /** A counter's or gauge's value (the sample whose labels include `labels`); a histogram's count. */
  value(name: string, labels?: Record<string, string>): number
}

/** GET <url>/metrics, parsed by a Prometheus text-format parser (parse-prometheus-text-format). */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const r = await fetch(`${url}/metrics`, { headers })
  const text = await r.text()
  const families = new Map(
    (r.status === 200 ? parsePrometheusTextFormat(text) : []).map((f) => [f.name, f] as const),
  )
  return {
    status: r.status,
    contentType: r.headers.get('content-type'),
    families,
    value(name, labels = {}) {
      const f = families.get(name)
      if (!f) throw new Error(`no metric ${name} in /metrics`)
      const m = f.metrics.find((s) => Object.entries(labels).every(([k, v]) => s.labels?.[k] === v))
      if (!m) throw new Error(`no sample of ${name} with ${JSON.stringify(labels)}`)
      return Number(f.type === 'HISTOGRAM' ? m.count : m.value)
    },
  }
}
