import { lockWrites, providerOf, WRITE_TRANSACTION, type Db } from './db.js';
import { NotFoundError } from './errors.js';
import { MAX_PARENT_DEPTH } from './ingest.js';

export interface DeleteArticleResult {
  articleId: number;
  mentions: number;
  statements: number;
  reports: number;
  /** Events that no other article reports. */
  events: number;
  /** Actors that nothing else refers to any more. */
  actors: number;
}

/**
 * Deletes an article and whatever was derived only from it: its mentions, statements and reports,
 * the events no other article reports or speaks of (those it reports, and those its statements are
 * about), and the actors, and their ancestors, left with no mention, statement, participation,
 * child or merged id. Places are reference data and stay.
 */
export async function deleteArticle(db: Db, articleId: number): Promise<DeleteArticleResult> {
  return db.$transaction(async (tx) => {
    await lockWrites(tx, providerOf(db));
    const article = await tx.article.findUnique({
      where: { id: articleId },
      select: {
        id: true,
        _count: { select: { mentions: true, statements: true, reports: true } },
        reports: { select: { eventId: true } },
        mentions: { select: { actorId: true } },
        statements: { select: { speakerId: true, eventId: true } },
        eventsCreated: { select: { id: true } },
      },
    });
    if (!article) throw new NotFoundError('Article', String(articleId), 'id');
    // The events it reports, those its statements are about, and those its ingest created (an event
    // may be given without a report of its own).
    const eventIds = [
      ...new Set([
        ...article.reports.map((r) => r.eventId),
        ...article.statements.flatMap((s) => (s.eventId == null ? [] : [s.eventId])),
        ...article.eventsCreated.map((e) => e.id),
      ]),
    ];
    const participants = await tx.eventParticipant.findMany({ where: { eventId: { in: eventIds } }, select: { actorId: true } });
    const actorIds = new Set([
      ...article.mentions.map((m) => m.actorId),
      ...article.statements.flatMap((s) => (s.speakerId == null ? [] : [s.speakerId])),
      ...participants.map((p) => p.actorId),
    ]);
    // Their ancestors too: a parent that an article adds for its ministries (extraction names the
    // state of each) is referred to by nothing but its children. Bounded like every parent walk.
    for (let level = [...actorIds], depth = 0; level.length && depth < MAX_PARENT_DEPTH; depth++) {
      const rows = await tx.actor.findMany({ where: { id: { in: level }, parentId: { not: null } }, select: { parentId: true } });
      level = [...new Set(rows.map((r) => r.parentId!))].filter((id) => !actorIds.has(id));
      for (const id of level) actorIds.add(id);
    }
    await tx.article.delete({ where: { id: articleId } });
    // Kept while another article reports it or has a statement about it.
    const events = await tx.event.deleteMany({ where: { id: { in: eventIds }, reports: { none: {} }, statements: { none: {} } } });
    // Parents go after their children, so repeat while something is freed.
    let actors = 0;
    for (let freed = -1; freed !== 0; ) {
      freed = (
        await tx.actor.deleteMany({
          where: {
            id: { in: [...actorIds] },
            mentions: { none: {} },
            statements: { none: {} },
            participations: { none: {} },
            children: { none: {} },
            // The ids of actors merged into it resolve to it.
            redirects: { none: {} },
          },
        })
      ).count;
      actors += freed;
    }
    return {
      articleId,
      mentions: article._count.mentions,
      statements: article._count.statements,
      reports: article._count.reports,
      events: events.count,
      actors,
    };
  }, WRITE_TRANSACTION);
}
