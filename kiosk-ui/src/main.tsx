import { render } from 'preact'
import { App } from './kiosk/app.js'
import { lang, setLang } from './lib/i18n.js'
import { startClock } from './lib/now.js'
import { connectHub } from './lib/socket.js'
import './kiosk/kiosk.css'

// A kiosk, not a document: no long-press menu (selection is off in CSS).
document.addEventListener('contextmenu', (event) => event.preventDefault())

setLang(lang.value)
startClock()
connectHub()
const root = document.getElementById('app')
if (root) render(<App />, root)
