import { useState } from 'preact/hooks'
import { api } from '../../lib/api.js'
import { useSignal } from '../../lib/signal.js'
import { applyStockItem, stockItems } from '../../lib/stock.js'
import type { StockEntry } from '../../lib/types.js'
import { Choice, ChoiceGrid } from '../components/choices.js'
import { Done } from '../components/done.js'
import { Actions, ErrorNote, Frame, Prompt } from '../components/frame.js'
import { Icon } from '../components/icons.js'
import { ScrollArea } from '../components/scroll-area.js'
import { Stepper } from '../components/stepper.js'
import { t } from '../i18n.js'
import { itemName, unitOf } from '../names.js'
import { go } from '../nav.js'
import { errorText, useSubmit } from '../use-submit.js'

/** The hub takes 1–10 at a time (POST /api/stock/takeouts). */
const MIN = 1
const MAX = 10

/** The items the box has now, live: one that runs out while the courier looks leaves the list. */
function PickStep({ onPick }: { onPick(item: StockEntry): void }) {
  const all = useSignal(stockItems)
  const inStock = all && [...all.values()].filter((i) => i.inStock)
  return (
    <section class="step">
      <Prompt text={t('medicine.pickPrompt')} hint={t('medicine.pickHint')} />
      {inStock === null && <p class="loading">{t('common.loading')}</p>}
      {inStock?.length === 0 && (
        <p class="loading" data-testid="none-left">
          {t('medicine.noneLeft')}
        </p>
      )}
      <ScrollArea>
        <ChoiceGrid label={t('medicine.pickPrompt')} kind="act" big>
          {inStock?.map((item) => (
            <Choice key={item.id} kind="act" onClick={() => onPick(item)} testId={`item-${item.id}`}>
              {itemName(item)}
            </Choice>
          ))}
        </ChoiceGrid>
      </ScrollArea>
      <Actions onBack={() => go({ name: 'home' })} />
    </section>
  )
}

/** "我拿了药": which item, how many, confirm; then thanks, and home by itself. */
export function MedicineScreen() {
  const [item, setItem] = useState<StockEntry | null>(null)
  const [quantity, setQuantity] = useState(MIN)
  const [done, setDone] = useState(false)
  const send = useSubmit(api.takeOut, (result) => {
    applyStockItem(result.item)
    setDone(true)
  })
  const pick = (next: StockEntry) => {
    setItem(next)
    setQuantity(MIN)
  }
  const back = () => {
    send.clearError()
    setItem(null)
  }
  const amount = item && t('medicine.quantity', { n: quantity, unit: unitOf(item, quantity) })
  // The hub refuses an item with none left: say so as soon as the live list knows, before they try.
  const live = useSignal(stockItems)
  const gone =
    send.error === 'HUB_ERR_STOCK_EMPTY' ||
    (item !== null && live !== null && live.get(item.id)?.inStock !== true)
  const error = gone ? 'HUB_ERR_STOCK_EMPTY' : send.error

  return (
    <Frame screen="medicine" title={t('medicine.took')}>
      {!item && <PickStep onPick={pick} />}
      {item && !done && (
        <section class="step">
          <Prompt
            text={t('medicine.countPrompt', { name: itemName(item) })}
            hint={t('medicine.countHint', {
              max: t('medicine.quantity', { n: MAX, unit: unitOf(item, MAX) }),
            })}
          />
          <Stepper
            value={quantity}
            min={MIN}
            max={MAX}
            unit={(n) => unitOf(item, n)}
            label={t('medicine.countPrompt', { name: itemName(item) })}
            onChange={setQuantity}
          />
          <ErrorNote text={error && errorText(error)} />
          <Actions onBack={back}>
            <button
              type="button"
              class="btn btn--primary btn--wide"
              disabled={send.busy || gone}
              onClick={() => send.run(item.id, quantity)}
              data-testid="confirm-takeout"
            >
              {send.busy ? t('common.sending') : t('medicine.confirm')}
            </button>
          </Actions>
        </section>
      )}
      {item && done && (
        <Done title={t('medicine.done')} testId="medicine-done">
          <p class="done__line" data-testid="taken">
            {itemName(item)} · {amount}
          </p>
          <p class="done__line done__line--strong">{t('medicine.doneUnwell')}</p>
          <button type="button" class="btn btn--outline done__help" onClick={() => go({ name: 'help' })}>
            <Icon name="help" />
            {t('home.help')}
          </button>
        </Done>
      )}
    </Frame>
  )
}
