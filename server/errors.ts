import createError from '@fastify/error'

/**
 * The catalogue of errors the HTTP API answers with. Codes are never reused for another meaning;
 * docs/http-api.md lists them.
 */
export const Errors = {
  DEVICE_NOT_FOUND: createError('HUB_ERR_DEVICE_NOT_FOUND', 'No device with id "%s" at this station', 404),
  BAD_RANGE: createError('HUB_ERR_BAD_RANGE', 'Bad time range: %s', 400),
  NOT_FOUND: createError('HUB_ERR_NOT_FOUND', 'No route %s %s', 404),
}

/** Error codes of 4xx answers produced by validation of the request against the route schema. */
export const VALIDATION_CODE = 'HUB_ERR_VALIDATION'
