import { createLoginScreen } from '../../lib/console-parts.js'
import { t } from '../i18n.js'
import { login, sessionEnded } from '../session.js'
import { useAction } from '../use-load.js'

/** Staff sign in with their account (the demo prints district / redstation-demo), in the console's form. */
export const LoginScreen = createLoginScreen({ t, sessionEnded, login, useAction })
