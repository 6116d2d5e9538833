import { useSignal } from '../../lib/signal.js'
import { link } from '../../lib/socket.js'
import { kioskConfig } from '../data.js'
import { t } from '../i18n.js'

/** The hub is away: the screen says so, and gives the station's own number, so help is still a call away. */
export function ConnectionBanner() {
  const phone = useSignal(kioskConfig)?.station.phone
  if (useSignal(link) !== 'disconnected') return null
  return (
    <div class="banner" role="alert" data-testid="offline-banner">
      <span>{t('link.lost')}</span>
      {phone && (
        <span class="banner__phone" data-testid="banner-phone">
          {t('link.lostPhone', { phone })}
        </span>
      )}
    </div>
  )
}
