import createError from '@fastify/error'
import type { FastifyReply } from 'fastify'

/** The lockers' answers (docs/http-api.md, docs/manager-api.md). Codes are never reused for another meaning. */
export const LockerErrors = {
  NONE_FREE: createError('HUB_ERR_LOCKER_NONE_FREE', 'No %s locker is free now', 409),
  UNAVAILABLE: createError(
    'HUB_ERR_LOCKER_UNAVAILABLE',
    'The lock board of locker %s cannot be reached now (%s); nothing was opened',
    503,
  ),
  JAMMED: createError(
    'HUB_ERR_LOCKER_JAMMED',
    'Locker %s did not open within %s s: it is taken out of service and the managers are told',
    409,
  ),
  PHONE_BUSY: createError(
    'HUB_ERR_LOCKER_PHONE_BUSY',
    'This phone number already holds locker %s; take it back first, or rent with a code',
    409,
  ),
  RENTAL_NOT_FOUND: createError(
    'HUB_ERR_LOCKER_RENTAL_NOT_FOUND',
    'No locker is held for this phone number',
    404,
  ),
  PIN_WRONG: createError(
    'HUB_ERR_LOCKER_PIN_WRONG',
    'This code does not open locker %s (%s more tries before it is refused for a while)',
    403,
  ),
  PIN_LOCKED: createError('HUB_ERR_LOCKER_PIN_LOCKED', 'Too many wrong codes: refused until %s', 429),
  NOT_FOUND: createError('HUB_ERR_LOCKER_NOT_FOUND', 'No locker "%s" at this station', 404),
  BUSY: createError('HUB_ERR_LOCKER_BUSY', 'Locker %s is being opened already', 409),
}

/**
 * The lockers' routes' error handler: a board that cannot be reached is the station's state, said as it is
 * (503 with its code and when to retry), not hidden as an internal error; a PIN refused for a while says for
 * how long. Everything else goes on to the hub's handler.
 */
export function lockerErrorHandler(
  err: Error & { code?: string; retryAfterSec?: number },
  _req: unknown,
  reply: FastifyReply,
) {
  if (err.retryAfterSec) reply.header('retry-after', err.retryAfterSec)
  if (err.code === 'HUB_ERR_LOCKER_UNAVAILABLE')
    return reply.status(503).header('retry-after', 10).send({
      statusCode: 503,
      code: err.code,
      error: 'Service Unavailable',
      message: err.message,
    })
  throw err
}
