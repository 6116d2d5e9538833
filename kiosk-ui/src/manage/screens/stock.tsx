import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import type { StockItem, StockView } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { LoadState } from '../components/form.js'
import { ItemSheet, RestockSheet } from '../components/stock-forms.js'
import { t } from '../i18n.js'
import { canAct, user } from '../session.js'
import { useLoad } from '../use-load.js'

type Open = { kind: 'restock'; item: StockItem } | { kind: 'edit'; item: StockItem | null } | null

const batchKey = (id: string, batch: string, expires: string) => `${id}|${batch}|${expires}`

/** expired / soon / '' for a batch, from the hub's expiring list (its window, not one guessed here). */
function expiryClass(view: StockView): (id: string, batch: string, expires: string) => string {
  const marks = new Map(view.expiring.map((e) => [batchKey(e.id, e.batch, e.expires), e.expired]))
  return (id, batch, expires) => {
    const expired = marks.get(batchKey(id, batch, expires))
    return expired === undefined ? '' : expired ? 'expired' : 'soon'
  }
}

export function StockScreen() {
  const mayAct = canAct(useSignal(user))
  const stock = useLoad(() => api.stock(), [])
  const [open, setOpen] = useState<Open>(null)
  const view = stock.data
  if (!view) return <LoadState loading={stock.loading} error={stock.error} />
  const expiry = expiryClass(view)
  return (
    <section data-testid="stock">
      {view.restock.length > 0 && (
        <section class="panel panel--warn" data-testid="restock-list">
          <h3>{t('stock.toBuy')}</h3>
          <ul class="buy">
            {view.restock.map((r) => (
              <li key={r.id}>
                <span>{r.name}</span>
                <strong>{t('stock.buy', { n: r.buy, unit: r.unit })}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      <header class="screen__bar">
        <h2 class="screen__title">{t('stock.title')}</h2>
        {mayAct && (
          <button
            type="button"
            class="btn"
            onClick={() => setOpen({ kind: 'edit', item: null })}
            data-testid="add-item"
          >
            + {t('stock.add')}
          </button>
        )}
      </header>
      {stock.error && <LoadState loading={false} error={stock.error} />}
      <ul class="list list--cards">
        {view.items.map((item) => {
          const low = item.count <= item.min
          return (
            <li class={`card${low ? ' card--low' : ''}`} key={item.id} data-item-id={item.id}>
              <div class="card__head">
                <strong class="card__name">{item.name}</strong>
                <span class={`count${low ? ' count--low' : ''}`} data-testid="count">
                  {t('stock.count', { n: item.count, unit: item.unit })}
                </span>
              </div>
              <p class="muted">
                {t('stock.min', { n: item.min, target: item.target })}
                {low && <span class="tag tag--minor">{t('stock.low')}</span>}
              </p>
              {item.batches.length > 0 && (
                <ul class="batches">
                  {[...item.batches]
                    .sort((a, b) => a.expires.localeCompare(b.expires))
                    .map((b) => {
                      const mark = expiry(item.id, b.batch, b.expires)
                      return (
                        <li key={`${b.batch}-${b.expires}`} class={`batch batch--${mark || 'ok'}`}>
                          <span>{t('stock.batch', { batch: b.batch })}</span>
                          <span>
                            {t('stock.expires', { date: b.expires })}
                            {mark && ` · ${t(mark === 'expired' ? 'stock.expired' : 'stock.soon')}`}
                          </span>
                          <span>{t('stock.count', { n: b.quantity, unit: item.unit })}</span>
                        </li>
                      )
                    })}
                </ul>
              )}
              {mayAct && (
                <div class="card__actions">
                  <button
                    type="button"
                    class="btn btn--ghost"
                    onClick={() => setOpen({ kind: 'edit', item })}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    class="btn btn--primary"
                    onClick={() => setOpen({ kind: 'restock', item })}
                    data-testid="restock"
                  >
                    {t('stock.restock')}
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {open?.kind === 'restock' && (
        <RestockSheet
          item={open.item}
          suggested={view.restock.find((r) => r.id === open.item.id)?.buy}
          onClose={() => setOpen(null)}
          onSaved={stock.reload}
        />
      )}
      {open?.kind === 'edit' && (
        <ItemSheet item={open.item} onClose={() => setOpen(null)} onSaved={stock.reload} />
      )}
    </section>
  )
}
