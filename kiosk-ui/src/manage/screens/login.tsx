import { createLoginScreen } from '../../lib/console-parts.js'
import { t } from '../i18n.js'
import { login, sessionEnded } from '../session.js'
import { useAction } from '../use-load.js'

/** The console's login: the shared form (lib/console-parts.tsx) with the console's words and session. */
export const LoginScreen = createLoginScreen({ t, sessionEnded, login, useAction })
