import { decodeGlobalID } from '@pothos/plugin-relay';
import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { builder } from './builder.js';
import {
  ConflictError, ForbiddenError, LimitExceededError, NotFoundError, UnauthorizedError, ValidationError, type FieldIssue,
} from '../storage/errors.js';
import {
  ACTOR_KINDS, DATE_PRECISIONS, EVENT_STATUSES, EVENT_TYPES, PARTICIPANT_ROLES, PLACE_KINDS, STATEMENT_KINDS,
} from '../storage/article-input.js';
import { sentenceAround } from '../extraction/sentences.js';
import type { Provider } from '../storage/db.js';
import type { PageRequest } from '../storage/filtered-page.js';
import { currentActorIds } from '../storage/actors.js';
import type { Context } from './builder.js';
import { isDatabaseId } from './node.js';

export const ActorKind = builder.enumType('ActorKind', { values: ACTOR_KINDS });
export const PlaceKind = builder.enumType('PlaceKind', { values: PLACE_KINDS });
export const StatementKind = builder.enumType('StatementKind', {
  values: STATEMENT_KINDS,
  description: 'DIRECT when quoted, INDIRECT when reported, MIXED when both.',
});
export const EventType = builder.enumType('EventType', { values: EVENT_TYPES, description: 'PLOVER event types, plus OTHER.' });
export const DatePrecision = builder.enumType('DatePrecision', { values: DATE_PRECISIONS });
export const EventStatus = builder.enumType('EventStatus', {
  values: EVENT_STATUSES,
  description: 'REPORTED: the narrator states it; ALLEGED: a party claims it; DENIED: a party denies it.',
});
export const ParticipantRole = builder.enumType('ParticipantRole', {
  values: PARTICIPANT_ROLES,
  description: 'SOURCE does it, TARGET has it done to it.',
});

export interface SpanShape {
  start: number;
  end: number;
  text: string;
}

/** Provenance: a stretch of an article body, by UTF-16 offsets (JavaScript string indices). */
export const Span = builder.objectRef<SpanShape>('Span').implement({
  description: 'A stretch of an article body: body.slice(start, end) === text.',
  fields: (t) => ({
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    text: t.exposeString('text'),
  }),
});

export function spanOf(body: string, start: number, end: number): SpanShape {
  return { start, end, text: body.slice(start, end) };
}

export function sentenceOf(body: string, start: number, end: number): SpanShape {
  const s = sentenceAround(body, start, end);
  return spanOf(body, s.start, s.end);
}

// ---- typed errors -------------------------------------------------------------------------

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure, returned in the result union of a mutation.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path of the input field, e.g. input.statements[2].start.' }),
    problem: t.exposeString('problem'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({ issues: t.field({ type: [FieldIssueRef], resolve: (e) => e.issues }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
    id: t.exposeString('id'),
    field: t.exposeString('field', { nullable: true }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({ field: t.exposeString('field', { nullable: true }) }),
});

builder.objectType(UnauthorizedError, {
  name: 'UnauthorizedError',
  description: 'No valid API key was sent, and the operation needs one.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UnauthorizedError,
  fields: () => ({}),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The API key lacks the scope the operation needs.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: (t) => ({ requiredScope: t.exposeString('requiredScope', { description: 'read, write or admin.' }) }),
});

builder.objectType(LimitExceededError, {
  name: 'LimitExceededError',
  description: 'The request is over one of the server\'s limits.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof LimitExceededError,
  fields: (t) => ({
    limit: t.exposeString('limit', { description: 'Which limit, e.g. articleSize.' }),
    maximum: t.exposeInt('maximum'),
    actual: t.exposeInt('actual', { nullable: true }),
  }),
});

export const MUTATION_ERRORS = [ValidationError, NotFoundError, ConflictError, UnauthorizedError, ForbiddenError, LimitExceededError];

/**
 * The selection a mutation's prismaField passes to Prisma. A client that selects only the result's
 * `__typename` leaves it empty, which Prisma rejects ("must not be empty"), so the id is read then.
 */
export function rowSelection<Q extends { select?: object }>(query: Q): Q {
  return query.select && Object.keys(query.select).length === 0 ? { ...query, select: { id: true } } : query;
}

/**
 * The database id inside a global id, checked against the expected type. A wrong id is a
 * ValidationError naming the field, not a crash.
 */
export function databaseId(globalId: string, typename: string, field: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw new ValidationError([{ field, problem: `"${globalId}" is not a valid id` }]);
  }
  if (decoded.typename !== typename || !isDatabaseId(decoded.id)) {
    throw new ValidationError([{ field, problem: `"${globalId}" is not the id of a ${typename}` }]);
  }
  return Number(decoded.id);
}

/** An actor's database id from its global id; a merged actor's id gives the actor it was merged into. */
export async function currentActorId(ctx: Context, globalId: string, field: string): Promise<number> {
  const id = databaseId(globalId, 'Actor', field);
  return (await currentActorIds(ctx.db.prisma, [id])).get(id) ?? id;
}

export function databaseIds(globalIds: readonly string[], typename: string, field: string): number[] {
  return globalIds.map((g, i) => databaseId(g, typename, `${field}[${i}]`));
}

/**
 * Ordering by a nullable date where an unknown date counts as the earliest: first going up, last
 * going down. That is SQLite's own order, so its plain (date, id) indexes serve it; PostgreSQL is
 * told explicitly, and its indexes are created NULLS FIRST (see the init migration).
 */
export function byDate<Field extends string>(provider: Provider, field: Field, direction: 'asc' | 'desc') {
  if (provider === 'sqlite') return { [field]: direction } as Record<Field, 'asc' | 'desc'>;
  return { [field]: { sort: direction, nulls: direction === 'asc' ? 'first' : 'last' } } as Record<Field, { sort: 'asc' | 'desc'; nulls: 'first' | 'last' }>;
}

export function dateRange(from?: Date | null, to?: Date | null, field = 'filter') {
  if (from && to && from > to) throw new ValidationError([{ field, problem: 'the range starts after it ends' }]);
  if (!from && !to) return undefined;
  return { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) };
}

/** A value to compare with a stored date in raw SQL: SQLite keeps ISO text, PostgreSQL a timestamp. */
export function sqlDate(provider: Provider, date: Date): string | Date {
  return provider === 'sqlite' ? date.toISOString().replace('Z', '+00:00') : date;
}

/** Whether the connection field being resolved selects `totalCount` (through fragments too). */
function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  const visit = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === 'totalCount';
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet.selections);
      const fragment = info.fragments[s.name.value];
      return fragment ? visit(fragment.selectionSet.selections) : false;
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet?.selections ?? []));
}

/**
 * A root connection's totalCount, computed once per request and started with the page when the
 * request selects it: PostgreSQL then counts on a second pooled connection while the page is read.
 * Its failure is reported by totalCount.
 */
export function countAlongside<A extends object>(count: (args: A, ctx: Context) => Promise<number>) {
  const counted = memoizedOn(count);
  return {
    start(args: A, ctx: Context, info: GraphQLResolveInfo): void {
      if (selectsTotalCount(info)) counted(args, ctx).catch(() => {});
    },
    count: counted,
  };
}

/**
 * One page of a filtered connection (storage/filtered-page.ts): its ids come in the connection's
 * order from one SQL statement, cut as Prisma would cut them, and its rows are loaded with the query
 * Pothos planned (so nested fields need no more statements).
 */
export async function filteredPage<Row extends { id: number }>(
  connection: { pageIds(page: PageRequest): Promise<number[]> },
  query: { cursor?: { id: number }; skip?: number; take?: number },
  load: (plan: object, ids: number[]) => Promise<Row[]>,
): Promise<Row[]> {
  const { cursor, skip, take, ...plan } = query;
  const page = await connection.pageIds({ cursor, skip, take });
  if (page.length === 0) return [];
  const rows = await load(plan, page);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return page.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Computed once per `key` object: a connection's resolver and its totalCount get the same arguments
 * object, so a filtered connection is planned once per field.
 */
export function memoizedOn<K extends object, Extra, V>(compute: (key: K, extra: Extra) => Promise<V>): (key: K, extra: Extra) => Promise<V> {
  const cache = new WeakMap<K, Promise<V>>();
  return (key, extra) => {
    let value = cache.get(key);
    if (!value) {
      value = compute(key, extra);
      cache.set(key, value);
    }
    return value;
  };
}
