import { signal, useSignal } from '../../lib/signal.js'
import { t, typeText } from '../i18n.js'
import type { News } from '../live.js'
import { stationHref } from '../route.js'

interface Item {
  key: string
  text: string
  station: string
  critical: boolean
}

/** The last few things that happened live (a station dark, a critical alert), until dismissed. */
export const newsItems = signal<Item[]>([])

export function announce(news: News): void {
  const items: Item[] = []
  if (news.dark)
    items.push({
      key: `dark-${news.dark.id}-${Date.now()}`,
      text: t('news.dark', { name: news.dark.name }),
      station: news.dark.id,
      critical: false,
    })
  if (news.critical)
    items.push({
      key: `crit-${news.critical.stationId}-${news.critical.alertId}`,
      text: t('news.critical', { name: news.critical.stationName, title: typeText(news.critical.type) }),
      station: news.critical.stationId,
      critical: true,
    })
  newsItems.value = [...items, ...newsItems.value].slice(0, 3)
}

export function NewsBanner() {
  const items = useSignal(newsItems)
  if (items.length === 0) return null
  return (
    <div class="news" role="alert" data-testid="news">
      {items.map((n) => (
        <div key={n.key} class={`news__item${n.critical ? ' news__item--critical' : ''}`}>
          <a href={stationHref(n.station)} class="news__text">
            {n.text}
          </a>
          <button
            type="button"
            class="btn btn--light"
            onClick={() => {
              newsItems.value = newsItems.value.filter((x) => x.key !== n.key)
            }}
          >
            {t('news.dismiss')}
          </button>
        </div>
      ))}
    </div>
  )
}
