import { Frame } from '../components/frame.js'
import { Icon, type IconName } from '../components/icons.js'
import { LockersTile } from '../components/lockers-tile.js'
import { MedicineTile } from '../components/medicine-tile.js'
import { ScrollArea } from '../components/scroll-area.js'
import { FridgeTile, NoticesTile } from '../components/tiles.js'
import { t } from '../i18n.js'
import { go, type Route } from '../nav.js'

interface BigButtonProps {
  icon: IconName
  label: string
  hint: string
  to: Route
  variant: 'main' | 'help'
  testId: string
}

function BigButton({ icon, label, hint, to, variant, testId }: BigButtonProps) {
  return (
    <button
      type="button"
      class={`big-btn big-btn--${variant}`}
      onClick={() => go(to)}
      data-testid={testId}
      data-help={variant === 'help' ? true : undefined}
    >
      <Icon name={icon} class="big-btn__icon" />
      <span class="big-btn__text">
        <span class="big-btn__label">{label}</span>
        <span class="big-btn__hint">{hint}</span>
      </span>
    </button>
  )
}

/**
 * What a courier sees walking in: the things to do (a grid that takes more buttons as the station offers
 * more), and what the station has right now, which scrolls beside (or under) them.
 */
export function HomeScreen() {
  return (
    <Frame screen="home">
      <div class="home">
        <nav class="home__actions">
          <BigButton
            icon="checkin"
            label={t('home.checkin')}
            hint={t('home.checkinHint')}
            to={{ name: 'checkin' }}
            variant="main"
            testId="go-checkin"
          />
          <BigButton
            icon="health"
            label={t('home.screening')}
            hint={t('home.screeningHint')}
            to={{ name: 'screenings' }}
            variant="main"
            testId="go-screenings"
          />
          <BigButton
            icon="help"
            label={t('home.help')}
            hint={t('home.helpHint')}
            to={{ name: 'help' }}
            variant="help"
            testId="go-help"
          />
        </nav>
        <ScrollArea class="home__tiles" label={t('home.now')}>
          <FridgeTile />
          <MedicineTile />
          <LockersTile />
          <NoticesTile />
          <button
            type="button"
            class="link-btn"
            onClick={() => go({ name: 'devices' })}
            data-testid="go-devices"
          >
            <Icon name="devices" />
            {t('home.devices')}
          </button>
        </ScrollArea>
      </div>
    </Frame>
  )
}
