import createError from '@fastify/error'

/**
 * The catalogue of errors the HTTP API answers with. Codes are never reused for another meaning;
 * docs/http-api.md lists them.
 */
export const Errors = {
  DEVICE_NOT_FOUND: createError('HUB_ERR_DEVICE_NOT_FOUND', 'No device with id "%s" at this station', 404),
  EXCURSION_NOT_FOUND: createError(
    'HUB_ERR_EXCURSION_NOT_FOUND',
    'No temperature excursion "%s" for this fridge',
    404,
  ),
  BAD_RANGE: createError('HUB_ERR_BAD_RANGE', 'Bad time range: %s', 400),
  NOT_FOUND: createError('HUB_ERR_NOT_FOUND', 'No route %s %s', 404),
  BAD_ORIGIN: createError(
    'HUB_ERR_BAD_ORIGIN',
    'Changes are taken only from the hub’s own pages or an origin in http.allowedOrigins; this request came with %s',
    403,
  ),
  RATE_LIMITED: createError(
    'HUB_ERR_RATE_LIMITED',
    'Too many requests from this address (at most %s a minute); try again in %s',
    429,
  ),
  SCREENING_NOT_FOUND: createError(
    'HUB_ERR_SCREENING_NOT_FOUND',
    'No screening with id "%s" at this station',
    404,
  ),
  SCREENING_CLOSED: createError(
    'HUB_ERR_SCREENING_CLOSED',
    'Screening "%s" has already started or ended; sign-ups and cancellations are closed',
    409,
  ),
  CONSENT_REQUIRED: createError(
    'HUB_ERR_CONSENT_REQUIRED',
    'consent: a screening sign-up keeps a name and phone number for a health service, which needs the person’s consent (send consent: true once they have agreed)',
    400,
  ),
  ALREADY_SIGNED_UP: createError(
    'HUB_ERR_ALREADY_SIGNED_UP',
    'This phone number is already signed up for this screening (the code was given at sign-up)',
    409,
  ),
  SCREENING_LOCKED: createError(
    'HUB_ERR_SCREENING_LOCKED',
    'Screening "%s" %s; it can no longer be changed',
    409,
  ),
  CAPACITY_BELOW_CONFIRMED: createError(
    'HUB_ERR_CAPACITY_BELOW_CONFIRMED',
    'capacity: cannot be %s, because %s places are already confirmed; it may not go below that (those people would lose their places)',
    409,
  ),
  NOTICE_NOT_FOUND: createError('HUB_ERR_NOTICE_NOT_FOUND', 'No notice with id "%s" at this station', 404),
  SIGNUP_NOT_FOUND: createError(
    'HUB_ERR_SIGNUP_NOT_FOUND',
    'No sign-up for this screening with that code (or name) and phone number',
    404,
  ),
  TOO_MANY_TRIES: createError(
    'HUB_ERR_TOO_MANY_TRIES',
    'Too many wrong codes or names for this sign-up or from this address; try again in %s seconds',
    429,
  ),
}

/** HUB_ERR_TOO_MANY_TRIES, carrying the wait the error handler sends as Retry-After. */
export function tooManyTries(seconds: number): Error & { retryAfterSec: number } {
  return Object.assign(new Errors.TOO_MANY_TRIES(seconds), { retryAfterSec: seconds })
}

/** Error codes of 4xx answers produced by validation of the request against the route schema. */
export const VALIDATION_CODE = 'HUB_ERR_VALIDATION'
