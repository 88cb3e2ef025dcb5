
import { currentActorIds } from '../storage/actors.js';
import type { Context } from './builder.js';

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


