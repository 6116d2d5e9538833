import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'
import { t } from '../i18n.js'

export function ConnectionBanner() {
  if (useSignal(link) !== 'disconnected') return null
  return (
    <div class="banner" role="alert" data-testid="offline-banner">
      {t('link.lost')}
    </div>
  )
}
