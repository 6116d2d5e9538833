import createError from '@fastify/error'

/**
 * Errors the alert engine throws at its callers (the routes turn them into answers by their status).
 * Codes follow the hub's catalogue (server/errors.ts) and are never reused for another meaning.
 */
export const AlertErrors = {
  NOT_FOUND: createError('HUB_ERR_ALERT_NOT_FOUND', 'No open alert with id "%s"', 404),
  CLEARED: createError('HUB_ERR_ALERT_CLEARED', 'Alert "%s" has already cleared', 409),
  NOT_STARTED: createError('HUB_ERR_ALERTS_NOT_STARTED', 'The alert engine is not running', 503),
}
