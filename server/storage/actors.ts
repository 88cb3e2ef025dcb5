import { lockWrites, providerOf, WRITE_TRANSACTION, type Db, type Tx } from './db.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { ancestors } from './ingest.js';

/** The id an actor has now: a merged actor's id leads to the actor it was merged into. */
export async function currentActorIds(db: Db | Tx, ids: number[]): Promise<Map<number, number>> {
  const redirects = await db.actorRedirect.findMany({ where: { fromId: { in: ids } }, select: { fromId: true, actorId: true } });
  const map = new Map(ids.map((id) => [id, id]));
  for (const r of redirects) map.set(r.fromId, r.actorId);
  return map;
}

export interface MergeActorsResult {
  actorId: number;
  mergedIds: number[];
  aliasesMoved: number;
  mentionsMoved: number;
  participationsMoved: number;
  statementsMoved: number;
}

/**
 * Merges actors into the one kept: aliases, mentions, participations, statements and children move
 * to it, and each merged id keeps resolving to it through an ActorRedirect.
 */
export async function mergeActors(db: Db, keepId: number, mergeIds: number[]): Promise<MergeActorsResult> {
  const merged = [...new Set(mergeIds)];
  if (merged.length === 0) throw new ValidationError([{ field: 'input.merge', problem: 'must name at least one actor' }]);
  if (merged.includes(keepId)) throw new ValidationError([{ field: 'input.merge', problem: 'must not contain the kept actor' }]);
  return db.$transaction(async (tx) => {
    await lockWrites(tx, providerOf(db));
    const found = await tx.actor.findMany({ where: { id: { in: [keepId, ...merged] } }, select: { id: true, parentId: true } });
    if (!found.some((a) => a.id === keepId)) throw new NotFoundError('Actor', String(keepId), 'input.keep');
    const missing = merged.find((id) => !found.some((a) => a.id === id));
    if (missing != null) throw new NotFoundError('Actor', String(missing), 'input.merge');
    // Merging one of the kept actor's ancestors into it would make a cycle. The walk is bounded
    // (and stops at a repeat), so a cycle stored by an older version cannot make it loop.
    if ((await ancestors(tx, 'actor', keepId)).ids.some((id) => merged.includes(id))) {
      await tx.actor.update({ where: { id: keepId }, data: { parentId: null } });
    }

    const keptAliases = new Set((await tx.actorAlias.findMany({ where: { actorId: keepId }, select: { normalized: true } })).map((a) => a.normalized));
    const movedAliases = await tx.actorAlias.findMany({ where: { actorId: { in: merged } }, select: { id: true, normalized: true } });
    const toMove: number[] = [];
    for (const alias of movedAliases) {
      if (!keptAliases.has(alias.normalized)) {
        keptAliases.add(alias.normalized);
        toMove.push(alias.id);
      }
    }
    const aliasesMoved = (await tx.actorAlias.updateMany({ where: { id: { in: toMove } }, data: { actorId: keepId } })).count;

    const mentionsMoved = (await tx.actorMention.updateMany({ where: { actorId: { in: merged } }, data: { actorId: keepId } })).count;
    const statementsMoved = (await tx.statement.updateMany({ where: { speakerId: { in: merged } }, data: { speakerId: keepId } })).count;

    // A participation the kept actor already has in the same role is a duplicate, not a move.
    const kept = await tx.eventParticipant.findMany({ where: { actorId: keepId }, select: { eventId: true, role: true } });
    const keptKeys = new Set(kept.map((p) => `${p.eventId}/${p.role}`));
    const moving = await tx.eventParticipant.findMany({ where: { actorId: { in: merged } }, select: { id: true, eventId: true, role: true } });
    const duplicate: number[] = [];
    const move: number[] = [];
    for (const p of moving) {
      const key = `${p.eventId}/${p.role}`;
      if (keptKeys.has(key)) duplicate.push(p.id);
      else {
        keptKeys.add(key);
        move.push(p.id);
      }
    }
    await tx.eventParticipant.deleteMany({ where: { id: { in: duplicate } } });
    const participationsMoved = (await tx.eventParticipant.updateMany({ where: { id: { in: move } }, data: { actorId: keepId } })).count;

    await tx.actor.updateMany({ where: { parentId: { in: merged }, id: { not: keepId } }, data: { parentId: keepId } });
    await tx.actorRedirect.updateMany({ where: { actorId: { in: merged } }, data: { actorId: keepId } });
    await tx.actorRedirect.createMany({ data: merged.map((fromId) => ({ fromId, actorId: keepId })) });
    const deleted = await tx.actor.deleteMany({ where: { id: { in: merged } } });
    if (deleted.count !== merged.length) throw new ConflictError('an actor changed during the merge; try again');
    return { actorId: keepId, mergedIds: merged, aliasesMoved, mentionsMoved, participationsMoved, statementsMoved };
  }, WRITE_TRANSACTION);
}
