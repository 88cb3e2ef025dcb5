import { currentActorIds } from '../storage/actors.js';
import { ValidationError } from '../storage/errors.js';
import type { Context } from './builder.js';
import { MAX_PAGE_SIZE } from './connection-arguments.js';

/**
 * Global ids of merged actors, rewritten to the actor they were merged into, so that an id
 * once handed out keeps resolving.
 */
export async function followActorRedirects(ctx: Context, ids: { typename: string; id: string }[]) {
  const actorIds = ids.filter((i) => i.typename === 'Actor').map((i) => Number(i.id)).filter(Number.isSafeInteger);
  if (actorIds.length === 0) return ids;
  const current = await currentActorIds(ctx.db.prisma, actorIds);
  return ids.map((i) => (i.typename === 'Actor' ? { ...i, id: String(current.get(Number(i.id)) ?? i.id) } : i));
}

/** The most ids one `nodes(ids:)` takes: as many as a page of a connection. */
export const MAX_NODE_IDS = MAX_PAGE_SIZE;

/** Each id is a lookup, so a long list is refused before any is decoded or read. */
export function checkNodeCount(count: number): void {
  if (count > MAX_NODE_IDS) throw new ValidationError([{ field: 'ids', problem: `has ${count} ids; the limit is ${MAX_NODE_IDS}` }]);
}

/** The largest id a database row can have (both databases store ids as 32-bit integers). */
const MAX_ID = 2_147_483_647;

/** Whether the database part of a global id is an id a row can have: digits only, 1 to MAX_ID. */
export function isDatabaseId(raw: string): boolean {
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= MAX_ID;
}

/**
 * Refuses a global id whose database part is not an id (`Article:' OR 1=1`), naming the argument,
 * before it reaches a query: a well-formed id of no row is answered with null instead.
 */
export function checkNodeIds(ids: { typename: string; id: string }[], field: string): void {
  const issues = ids.flatMap((i, n) =>
    isDatabaseId(i.id) ? [] : [{ field: ids.length > 1 || field === 'ids' ? `${field}[${n}]` : field, problem: `"${i.typename}:${i.id}" is not a valid id` }],
  );
  if (issues.length) throw new ValidationError(issues);
}
