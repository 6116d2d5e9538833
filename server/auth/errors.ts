import createError from '@fastify/error'

/**
 * The errors of accounts and access, in the style of server/errors.ts (codes never reused). They answer
 * with no data at all: a 401/403 tells nothing about the resource or whether an account exists.
 */
export const AuthErrors = {
  BAD_LOGIN: createError('HUB_ERR_BAD_LOGIN', 'Wrong name or password', 401),
  LOCKED_OUT: createError(
    'HUB_ERR_LOCKED_OUT',
    'Too many failed logins for this name from this address; try again after %s',
    429,
  ),
  TOO_MANY_LOGINS: createError(
    'HUB_ERR_TOO_MANY_LOGINS',
    'Too many failed logins from this address; try again after %s',
    429,
  ),
  LOGIN_BUSY: createError(
    'HUB_ERR_LOGIN_BUSY',
    'The hub is checking other logins right now; try again in a second',
    429,
  ),
  LOGIN_REQUIRED: createError('HUB_ERR_LOGIN_REQUIRED', 'Log in first', 401),
  FORBIDDEN: createError('HUB_ERR_FORBIDDEN', 'Your account may not do this', 403),
}
