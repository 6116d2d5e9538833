import { STATUS_CODES } from 'node:http'
import createError from '@fastify/error'
import type { FastifyError, FastifyInstance } from 'fastify'
import { VALIDATION_CODE } from '../errors.js'

/** The central service's error catalogue (docs/central.md). Codes are never reused for another meaning. */
export const CentralErrors = {
  STATION_NOT_FOUND: createError('CENTRAL_ERR_STATION_NOT_FOUND', 'No station "%s" in this district', 404),
  STATION_EXISTS: createError('CENTRAL_ERR_STATION_EXISTS', 'Station "%s" is already registered', 409),
  BAD_STATION: createError('CENTRAL_ERR_BAD_STATION', '%s', 400),
  BAD_DATE: createError('CENTRAL_ERR_BAD_DATE', 'date: no such day', 400),
  NOT_FOUND: createError('CENTRAL_ERR_NOT_FOUND', 'No route %s %s', 404),
  OUT_OF_SCOPE: createError('CENTRAL_ERR_OUT_OF_SCOPE', 'Station "%s" is not in your scope', 403),
  OUT_OF_SCOPE_TARGET: createError('CENTRAL_ERR_OUT_OF_SCOPE', 'Not in your scope: %s', 403),
  ALERT_NOT_FOUND: createError('CENTRAL_ERR_ALERT_NOT_FOUND', 'No alert "%s" at station "%s"', 404),
  ALERT_NOT_OPEN: createError(
    'CENTRAL_ERR_ALERT_NOT_OPEN',
    'Alert "%s" is %s: only an active alert can be acknowledged',
    409,
  ),
  COMMAND_CONFLICT: createError(
    'CENTRAL_ERR_COMMAND_CONFLICT',
    'Command "%s" exists already with other content',
    409,
  ),
  BAD_PUBLICATION: createError('CENTRAL_ERR_BAD_PUBLICATION', '%s', 400),
  NO_TARGET: createError(
    'CENTRAL_ERR_NO_TARGET',
    'No station to send it to: choose stations or a street',
    400,
  ),
  BAD_SCOPE: createError('CENTRAL_ERR_BAD_SCOPE', '%s', 400),
  PLACE_NOT_FOUND: createError('CENTRAL_ERR_PLACE_NOT_FOUND', 'No station in %s', 404),
  BAD_MONTH: createError('CENTRAL_ERR_BAD_MONTH', 'month: expected YYYY-MM', 400),
  NO_PDF: createError(
    'CENTRAL_ERR_NO_PDF',
    'No Chromium on this server to print a PDF (reports.chromium); print the page from the browser instead',
    501,
  ),
}

/** One error handler: validation 400s as on the station, 5xx without internals, each logged once. */
export function useCentralErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation)
      return reply
        .status(400)
        .send({ statusCode: 400, code: VALIDATION_CODE, error: 'Bad Request', message: err.message })
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    // 501 (no Chromium for a PDF) is the server's state, not an internal error: said as it is.
    if (status >= 500 && status !== 501) {
      req.log.error({ err }, 'request failed')
      return reply.status(status).send({
        statusCode: status,
        code: 'CENTRAL_ERR_INTERNAL',
        error: 'Internal Server Error',
        message: 'Something went wrong in the central service; it has been logged.',
      })
    }
    reply.status(status).send({
      statusCode: status,
      code: err.code,
      error: STATUS_CODES[status] ?? err.name,
      message: err.message,
    })
  })
  app.setNotFoundHandler((req, reply) => {
    const err = new CentralErrors.NOT_FOUND(req.method, req.url.split('?')[0])
    reply.status(404).send({ statusCode: 404, code: err.code, error: 'Not Found', message: err.message })
  })
}
