import { render } from 'preact'
import { unlockOnFirstGesture } from '../lib/manage-sound.js'
import { startClock } from '../lib/now.js'
import { App } from './app.js'
import './district.css'
import { lang, setLang } from './i18n.js'
import { startRouter } from './route.js'
import { checkSession } from './session.js'

setLang(lang.value)
// "Offline for 12 minutes": a tick every 15 s is plenty and spares a phone's battery.
startClock(15_000)
startRouter()
// Browsers keep audio locked until a gesture: the first tap lets a critical alert be heard.
unlockOnFirstGesture()
void checkSession()
const root = document.getElementById('app')
if (root) render(<App />, root)
