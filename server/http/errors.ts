import { randomUUID } from 'node:crypto';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError } from 'graphql';
import { isDatabaseBusy, isDatabaseUnavailable, isStatementTimeout, requestScope } from '../storage/db.js';
import {
  ConflictError, ForbiddenError, LimitExceededError, NotFoundError, UnauthorizedError, ValidationError,
} from '../storage/errors.js';
import { limitError } from './limits.js';

export type Log = (entry: Record<string, unknown>) => void;

/** Seconds a client should wait before retrying while the database is unreachable. */
export const UNAVAILABLE_RETRY_AFTER = 5;

/** Seconds a client should wait before sending again a write that did not get its turn in time. */
export const BUSY_RETRY_AFTER = 2;

/** The request's id: the one the server gave it (X-Request-Id), or a new one outside a request. */
export const currentRequestId = () => requestScope.getStore()?.requestId ?? randomUUID();

export function unavailableError(path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError('The database is unavailable; retry shortly.', {
    path,
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER) } } },
  });
}

/** A write that could not start in time: nothing was written, and the same request may be sent again. */
export function busyError(path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError('The database is busy with other writes; nothing was written. Send the request again shortly.', {
    path,
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': String(BUSY_RETRY_AFTER) } } },
  });
}

/**
 * Errors the client may see: the expected ones keep their message and get a code (and, for access
 * and availability, an HTTP status); anything else is masked, and logged with the request id that
 * the client also receives. No stack trace, SQL or driver message ever reaches the client.
 */
export function maskError(error: unknown, logError: Log): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof ValidationError) {
    return new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT', issues: original.issues } });
  }
  if (original instanceof NotFoundError) return new GraphQLError(original.message, { path, extensions: { code: 'NOT_FOUND', field: original.field } });
  if (original instanceof ConflictError) return new GraphQLError(original.message, { path, extensions: { code: 'CONFLICT', field: original.field } });
  if (original instanceof UnauthorizedError) {
    return new GraphQLError(original.message, { path, extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } });
  }
  if (original instanceof ForbiddenError) {
    return new GraphQLError(original.message, { path, extensions: { code: 'FORBIDDEN', requiredScope: original.requiredScope, http: { status: 403 } } });
  }
  if (original instanceof LimitExceededError) return limitError(original);
  // Pothos's own argument checks (a malformed cursor, `last` where only `first` is allowed).
  if (original instanceof PothosValidationError) return new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT' } });
  // Errors raised by GraphQL itself (validation of the document, variable coercion) are safe to show.
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (original instanceof GraphQLError && !original.originalError) return original;
  const requestId = currentRequestId();
  if (isStatementTimeout(original)) {
    return limitError(new LimitExceededError('requestTimeout', 0, null, 'The query ran longer than the server allows (REQUEST_TIMEOUT_MS); the database cancelled it.'), 503);
  }
  if (isDatabaseBusy(original)) {
    logError({ level: 'warn', msg: 'database busy', requestId, path, error: original instanceof Error ? original.message : String(original) });
    return busyError(path);
  }
  if (isDatabaseUnavailable(original)) {
    logError({ level: 'warn', msg: 'database unavailable', requestId, path, error: original instanceof Error ? original.message : String(original) });
    return unavailableError(path);
  }
  logError({
    level: 'error',
    msg: 'unexpected error',
    requestId,
    path,
    error: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original),
  });
  return new GraphQLError('Unexpected error.', { path, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
}
