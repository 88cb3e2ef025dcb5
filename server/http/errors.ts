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

/** Errors maskError has answered (and logged, if at all): Yoga reports each of them again. */
const answered = new WeakSet<object>();

/**
 * Yoga's own log, as our JSON lines. It reports every error that maskError replaced, with its
 * stack: maskError has logged those already (a client mistake without a stack, anything else with
 * it and the request id), so they are not repeated here. Its debug lines (one per request phase)
 * are left out.
 */
export function yogaLogger(log: Log) {
  const write = (level: 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'object' && args[0] !== null && answered.has(args[0])) return;
    const errors = args.filter((a): a is Error => a instanceof Error);
    const msg = args.filter((a) => !(a instanceof Error)).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    log({
      level,
      msg: msg || (errors[0]?.message ?? 'graphql-yoga'),
      source: 'graphql-yoga',
      requestId: requestScope.getStore()?.requestId ?? null,
      ...(errors.length ? { error: errors.map((e) => ({ name: e.name, message: e.message, stack: e.stack })) } : {}),
    });
  };
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * The answer to a client's mistake, logged as one line without a stack: the stack would only show
 * our validation code, and a client can make the server write as many lines as it sends requests.
 */
function clientMistake(error: GraphQLError, logError: Log): GraphQLError {
  logError({ level: 'info', msg: 'client error', requestId: requestScope.getStore()?.requestId ?? null, path: error.path, code: error.extensions.code, error: error.message });
  return error;
}

/**
 * Errors the client may see: the expected ones keep their message and get a code (and, for access
 * and availability, an HTTP status); anything else is masked, and logged with the request id that
 * the client also receives. No stack trace, SQL or driver message ever reaches the client.
 */
export function maskError(error: unknown, logError: Log): Error {
  if (typeof error === 'object' && error !== null) answered.add(error);
  return mask(error, logError);
}

function mask(error: unknown, logError: Log): Error {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof ValidationError) {
    return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT', issues: original.issues } }), logError);
  }
  if (original instanceof NotFoundError) return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'NOT_FOUND', field: original.field } }), logError);
  if (original instanceof ConflictError) return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'CONFLICT', field: original.field } }), logError);
  if (original instanceof UnauthorizedError) {
    return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } } }), logError);
  }
  if (original instanceof ForbiddenError) {
    return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'FORBIDDEN', requiredScope: original.requiredScope, http: { status: 403 } } }), logError);
  }
  if (original instanceof LimitExceededError) return clientMistake(limitError(original), logError);
  // Pothos's own argument checks (a malformed cursor, `last` where only `first` is allowed).
  if (original instanceof PothosValidationError) return clientMistake(new GraphQLError(original.message, { path, extensions: { code: 'BAD_USER_INPUT' } }), logError);
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
