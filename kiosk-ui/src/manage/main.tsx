import { render } from 'preact'
import { api } from '../lib/manage-api.js'
import { unlockOnFirstGesture } from '../lib/manage-sound.js'
import { startClock } from '../lib/now.js'
import { setStationZone } from '../lib/station-time.js'
import { App } from './app.js'
import { lang, setLang } from './i18n.js'
import './manage.css'
import { startRouter } from './route.js'
import { checkSession } from './session.js'

setLang(lang.value)
// Every time on the console is the station's: its zone comes from /api/kiosk, asked until it answers.
const loadZone = () =>
  api.kiosk().then(
    (k) => setStationZone(k.station.timeZone),
    () => setTimeout(loadZone, 10_000),
  )
void loadZone()
// Relative times here are in minutes: a tick every 15 s is plenty and spares a phone's battery.
startClock(15_000)
startRouter()
unlockOnFirstGesture()
void checkSession()
const root = document.getElementById('app')
if (root) render(<App />, root)
