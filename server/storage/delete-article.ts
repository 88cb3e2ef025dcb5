import { lockWrites, providerOf, WRITE_TRANSACTION, type Db } from './db.js';
import { NotFoundError } from './errors.js';

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
 * the events no other article reports, and the actors left with no mention, statement,
 * participation or child. Places are reference data and stay.
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
        statements: { select: { speakerId: true } },
      },
    });
    if (!article) throw new NotFoundError('Article', String(articleId), 'id');
    const eventIds = [...new Set(article.reports.map((r) => r.eventId))];
    const participants = await tx.eventParticipant.findMany({ where: { eventId: { in: eventIds } }, select: { actorId: true } });
    const actorIds = [
      ...new Set([
        ...article.mentions.map((m) => m.actorId),
        ...article.statements.flatMap((s) => (s.speakerId == null ? [] : [s.speakerId])),
        ...participants.map((p) => p.actorId),
      ]),
    ];
    await tx.article.delete({ where: { id: articleId } });
    const events = await tx.event.deleteMany({ where: { id: { in: eventIds }, reports: { none: {} } } });
    // Parents go after their children, so repeat while something is freed.
    let actors = 0;
    for (let freed = -1; freed !== 0; ) {
      freed = (
        await tx.actor.deleteMany({
          where: {
            id: { in: actorIds },
            mentions: { none: {} },
            statements: { none: {} },
            participations: { none: {} },
            children: { none: {} },
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
