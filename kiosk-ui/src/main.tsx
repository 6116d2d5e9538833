import { render } from 'preact'
import { App } from './kiosk/app.js'
import { startKioskData } from './kiosk/data.js'
import { lang, setLang, t } from './kiosk/i18n.js'
import { startIdleReset } from './kiosk/nav.js'
import { startClock } from './lib/now.js'
import { connectHub } from './lib/socket.js'
import './kiosk/css/base.css'
import './kiosk/css/home.css'
import './kiosk/css/steps.css'
import './kiosk/css/keypad.css'
import './kiosk/css/choices.css'
import './kiosk/css/controls.css'
import './kiosk/css/done.css'
import './kiosk/css/devices.css'
import './kiosk/css/medicine.css'
import './kiosk/css/lockers.css'

// A kiosk, not a document: no long-press menu (selection is off in CSS), no zoom by gesture or ctrl-wheel
// (pinch and double-tap zoom are off in CSS: touch-action).
document.addEventListener('contextmenu', (event) => event.preventDefault())
document.addEventListener('gesturestart', (event) => event.preventDefault())
document.addEventListener(
  'wheel',
  (event) => {
    if (event.ctrlKey) event.preventDefault()
  },
  { passive: false },
)

setLang(lang.value)
document.title = t('app.title')
lang.subscribe(() => {
  document.title = t('app.title')
})
startClock()
connectHub()
startKioskData()
startIdleReset()
const root = document.getElementById('app')
if (root) render(<App />, root)
