import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import { stationDay } from '../../lib/manage-time.js'
import type { ItemInput, StockItem } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { devices } from '../../lib/socket.js'
import { t } from '../i18n.js'
import { useAction } from '../use-load.js'
import { Field, FormButtons, FormError } from './form.js'
import { Sheet } from './sheet.js'

interface Props {
  onClose: () => void
  onSaved: () => unknown
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : Number.NaN)

/** Records a delivery: how many (the restock list's suggestion to start with), which batch, until when. */
export function RestockSheet(props: Props & { item: StockItem; suggested?: number }) {
  const { item, onClose, onSaved } = props
  const [quantity, setQuantity] = useState(props.suggested ? String(props.suggested) : '')
  const [batch, setBatch] = useState('')
  const [expires, setExpires] = useState('')
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const n = int(quantity)
    if (!(n >= 1)) return setError(t('stock.quantityBad'))
    if (!batch.trim() || !expires) return setError(t('common.fillAll'))
    if (await run(() => api.restock(item.id, n, batch.trim(), expires))) {
      await onSaved()
      onClose()
    }
  }
  return (
    <Sheet title={t('stock.restockTitle', { name: item.name })} onClose={onClose} testid="restock-sheet">
      <form class="form" onSubmit={submit}>
        <Field label={t('stock.quantity', { unit: item.unit })}>
          <input
            name="quantity"
            inputMode="numeric"
            pattern="[0-9]*"
            value={quantity}
            onInput={(e) => setQuantity(e.currentTarget.value)}
          />
        </Field>
        <Field label={t('stock.batchLabel')}>
          <input name="batch" value={batch} onInput={(e) => setBatch(e.currentTarget.value)} />
        </Field>
        <Field label={t('stock.expiresLabel')}>
          <input
            name="expires"
            type="date"
            min={stationDay(Date.now())}
            value={expires}
            onInput={(e) => setExpires(e.currentTarget.value)}
          />
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('stock.restock')} onCancel={onClose} />
      </form>
    </Sheet>
  )
}

/** Adds an item (item null) or edits one; the id is fixed once made, since stock counts refer to it. */
export function ItemSheet({ item, onClose, onSaved }: Props & { item: StockItem | null }) {
  const compartments = [...useSignal(devices).values()].filter((d) => d.kind === 'stock')
  const [f, setF] = useState({
    id: item?.id ?? '',
    name: item?.name ?? '',
    unit: item?.unit ?? '盒',
    min: String(item?.min ?? 2),
    target: String(item?.target ?? 10),
    compartment: item?.compartment ?? '',
  })
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) =>
    setF({ ...f, [k]: e.currentTarget.value })
  const { busy, error, setError, run } = useAction()
  const submit = async (e: Event) => {
    e.preventDefault()
    const min = int(f.min)
    const target = int(f.target)
    if (!/^[a-z0-9-]{1,32}$/.test(f.id)) return setError(t('stock.idBad'))
    if (!f.name.trim() || !f.unit.trim()) return setError(t('common.fillAll'))
    if (Number.isNaN(min) || Number.isNaN(target) || target < min) return setError(t('stock.targetBad'))
    const body: ItemInput = { id: f.id, name: f.name.trim(), unit: f.unit.trim(), min, target }
    if (f.compartment) body.compartment = f.compartment
    if (await run(() => (item ? api.editItem(body) : api.addItem(body)))) {
      await onSaved()
      onClose()
    }
  }
  return (
    <Sheet
      title={item ? t('stock.editTitle', { name: item.name }) : t('stock.add')}
      onClose={onClose}
      testid="item-sheet"
    >
      <form class="form" onSubmit={submit}>
        {!item && (
          <Field label={t('stock.id')} hint={t('stock.idHint')}>
            <input name="id" autocapitalize="none" value={f.id} onInput={set('id')} />
          </Field>
        )}
        <Field label={t('stock.name')}>
          <input name="name" value={f.name} onInput={set('name')} />
        </Field>
        <div class="field-row">
          <Field label={t('stock.unit')}>
            <input name="unit" value={f.unit} onInput={set('unit')} />
          </Field>
          <Field label={t('stock.minLabel')}>
            <input name="min" inputMode="numeric" value={f.min} onInput={set('min')} />
          </Field>
          <Field label={t('stock.targetLabel')}>
            <input name="target" inputMode="numeric" value={f.target} onInput={set('target')} />
          </Field>
        </div>
        <Field label={t('stock.compartment')}>
          <select name="compartment" value={f.compartment} onChange={set('compartment')}>
            <option value="">{t('stock.noCompartment')}</option>
            {compartments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <FormError text={error} />
        <FormButtons busy={busy} label={t('common.save')} onCancel={onClose} />
      </form>
    </Sheet>
  )
}
