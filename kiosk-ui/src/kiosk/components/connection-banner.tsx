import { t } from '../../lib/i18n.js'
import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'

export function ConnectionBanner() {
  if (useSignal(link) !== 'disconnected') return null
  return (
    <div class="banner" role="alert" data-testid="offline-banner">
      {t('link.lost')}
    </div>
  )
}
