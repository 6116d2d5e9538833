import { useState } from 'preact/hooks'
import { api } from '../../lib/manage-api.js'
import type { Notice } from '../../lib/manage-types.js'
import { useSignal } from '../../lib/signal.js'
import { LoadState } from '../components/form.js'
import { categoryKey, NoticeSheet } from '../components/notice-form.js'
import { ConfirmSheet } from '../components/sheet.js'
import { dateTime, t } from '../i18n.js'
import { canAct, user } from '../session.js'
import { useAction, useLoad } from '../use-load.js'

type Open = { kind: 'edit'; n: Notice | null } | { kind: 'expire'; n: Notice } | null

/** What the kiosk shows under 通知公告: jobs, legal aid, social insurance, health. */
export function NoticesScreen() {
  const mayAct = canAct(useSignal(user))
  const list = useLoad(() => api.notices(), [])
  const [open, setOpen] = useState<Open>(null)
  const expire = useAction()
  const close = () => {
    expire.setError(null)
    setOpen(null)
  }
  if (!list.data) return <LoadState loading={list.loading} error={list.error} />
  // Shown ones first; expired ones after, kept for reference and to copy from. `expired` is the hub's word,
  // not this phone's clock.
  const sorted = [...list.data].sort((a, b) => Number(a.expired) - Number(b.expired))
  return (
    <section data-testid="notices">
      <header class="screen__bar">
        <h2 class="screen__title">{t('notice.title')}</h2>
        {mayAct && (
          <button
            type="button"
            class="btn"
            onClick={() => setOpen({ kind: 'edit', n: null })}
            data-testid="add-notice"
          >
            + {t('notice.add')}
          </button>
        )}
      </header>
      {sorted.length === 0 && <p class="muted">{t('notice.none')}</p>}
      <ul class="list list--cards">
        {sorted.map((n) => {
          const gone = n.expired
          return (
            <li class={`card${gone ? ' card--dim' : ''}`} key={n.id} data-notice-id={n.id}>
              <div class="card__head">
                <span class="tag tag--category">{t(categoryKey[n.category] ?? 'notice.cat.other')}</span>
                <strong class="card__name">{n.title}</strong>
              </div>
              <p class="notice__body">{n.body}</p>
              <p class="muted">
                {gone
                  ? t('notice.expired', { date: dateTime(n.until) })
                  : n.until
                    ? t('notice.until', { date: dateTime(n.until) })
                    : t('notice.forever')}
              </p>
              {mayAct && (
                <div class="card__actions">
                  <button type="button" class="btn btn--ghost" onClick={() => setOpen({ kind: 'edit', n })}>
                    {t('common.edit')}
                  </button>
                  {!gone && (
                    <button
                      type="button"
                      class="btn btn--ghost btn--danger-text"
                      onClick={() => setOpen({ kind: 'expire', n })}
                    >
                      {t('notice.expire')}
                    </button>
                  )}
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {open?.kind === 'edit' && <NoticeSheet notice={open.n} onClose={close} onSaved={list.reload} />}
      {open?.kind === 'expire' && (
        <ConfirmSheet
          title={t('notice.expire')}
          text={t('notice.expireText', { title: open.n.title })}
          confirm={t('notice.expire')}
          busy={expire.busy}
          error={expire.error}
          onClose={close}
          onConfirm={async () => {
            if (await expire.run(() => api.expireNotice(open.n.id))) {
              await list.reload()
              close()
            }
          }}
        />
      )}
    </section>
  )
}
