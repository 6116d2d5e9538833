import { useSignal } from '../lib/signal.js'
import { IdleWarning } from './components/idle-warning.js'
import { lang } from './i18n.js'
import { route, session } from './nav.js'
import { CancelScreen } from './screens/cancel.js'
import { CheckinScreen } from './screens/checkin.js'
import { DevicesScreen } from './screens/devices.js'
import { HelpScreen } from './screens/help.js'
import { HomeScreen } from './screens/home.js'
import { LockerCollectScreen } from './screens/locker-collect.js'
import { LockerRentScreen } from './screens/locker-rent.js'
import { MedicineScreen } from './screens/medicine.js'
import { ScreeningsScreen } from './screens/screenings.js'
import { SignupScreen } from './screens/signup.js'

export function App() {
  // Reading the language here re-renders the whole tree, and so every string, on a switch.
  useSignal(lang)
  return (
    <>
      <Screen />
      <IdleWarning />
    </>
  )
}

function Screen() {
  const at = useSignal(route)
  // A new session remounts the screen: whatever the last courier typed is gone.
  const key = useSignal(session)
  switch (at.name) {
    case 'devices':
      return <DevicesScreen key={key} />
    case 'checkin':
      return <CheckinScreen key={key} />
    case 'screenings':
      return <ScreeningsScreen key={key} />
    case 'signup':
      return <SignupScreen key={key} screening={at.screening} />
    case 'cancel':
      return <CancelScreen key={key} />
    case 'help':
      return <HelpScreen key={key} />
    case 'medicine':
      return <MedicineScreen key={key} />
    case 'locker-rent':
      return <LockerRentScreen key={key} kind={at.kind} />
    case 'locker-collect':
      return <LockerCollectScreen key={key} />
    default:
      return <HomeScreen key={key} />
  }
}
