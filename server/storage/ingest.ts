import { createHash } from 'node:crypto';
import { normalizeName } from '../extraction/normalize.js';
import { lockWrites, providerOf, WRITE_TRANSACTION, type Db, type Provider, type Tx } from './db.js';
import { ConflictError, ValidationError } from './errors.js';
import { parseIsoDate, checkArticleSize, validateStructuredArticle, type ActorInput, type EventType, type ParticipantRole, type StructuredArticle } from './article-input.js';


export interface IngestResult {
  articleId: number;
  /** False when an article with the same body was already stored: nothing was written. */
  created: boolean;
  actorsCreated: number;
  actorsReused: number;
  mentions: number;
  placesCreated: number;
  placesReused: number;
  statements: number;
  events: number;
  reports: number;
  /** Events that were already stored (reported by another article) and got this article's reports. */
  eventsMerged: number;
}

export function contentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Stores an article with its actors, places, statements and events in one transaction.
 * Idempotent by content hash. Existing actors and places are reused when one of their aliases
 * matches, so that every article about Armenia links to the same actor.
 */
export async function ingestStructuredArticle(db: Db, input: StructuredArticle, options: WriteOptions = {}): Promise<IngestResult> {
  if (typeof input.body === 'string') checkArticleSize(input.body.length);
  const issues = validateStructuredArticle(input);
  if (issues.length) throw new ValidationError(issues);
  const hash = contentHash(input.body);
  const existing = await db.article.findUnique({ where: { contentHash: hash }, select: { id: true } });
  if (existing) return alreadyStored(existing.id);

  try {
    return await inTurn(db, () => db.$transaction((tx) => writeArticle(tx, input, hash, { ...options, provider: providerOf(db) }), WRITE_TRANSACTION));
  } catch (error) {
    // Two concurrent ingests of one text: the loser finds the winner's article.
    if ((error as { code?: string }).code === 'P2002') {
      const winner = await db.article.findUnique({ where: { contentHash: hash }, select: { id: true } });
      if (winner) return alreadyStored(winner.id);
      // Another ingest took the url (or the source name) first.
      throw new ConflictError('another ingest stored the same url or source at the same time; send it again', 'input.url');
    }
    throw error;
  }
}

const turns = new WeakMap<object, Promise<unknown>>();

/**
 * Ingests of one process take turns before they open their transaction. They would take turns
 * anyway (SQLite's write lock, PostgreSQL's advisory lock below), but waiting inside a transaction
 * holds a pooled connection: ten queued ingests would hold the whole pool and starve the reads.
 */
function inTurn<T>(db: object, write: () => Promise<T>): Promise<T> {
  const previous = turns.get(db) ?? Promise.resolve();
  const turn = previous.then(write, write);
  turns.set(db, turn.catch(() => undefined));
  return turn;
}

export function alreadyStored(articleId: number): IngestResult {
  return {
    articleId, created: false, actorsCreated: 0, actorsReused: 0, mentions: 0, placesCreated: 0,
    placesReused: 0, statements: 0, events: 0, reports: 0, eventsMerged: 0,
  };
}

async function writeArticle(tx: Tx, input: StructuredArticle, hash: string, options: WriteOptions): Promise<IngestResult> {
  await lockWrites(tx, options.provider);
  if (input.url != null) {
    const sameUrl = await tx.article.findUnique({ where: { url: input.url }, select: { id: true } });
    if (sameUrl) throw new ConflictError(`another article (id ${sameUrl.id}) with a different body is stored under this url`, 'input.url');
  }
  if (input.source?.domain != null) {
    const owner = await tx.source.findUnique({ where: { domain: input.source.domain }, select: { name: true } });
    if (owner && owner.name !== input.source.name.trim()) {
      throw new ValidationError([{ field: 'input.source.domain', problem: `"${input.source.domain}" is the domain of another source, "${owner.name}"` }]);
    }
  }
  const source = input.source
    ? await tx.source.upsert({
        where: { name: input.source.name.trim() },
        create: { name: input.source.name.trim(), domain: input.source.domain ?? null },
        update: {},
        select: { id: true },
      })
    : null;
  const article = await tx.article.create({
    data: {
      url: input.url ?? null,
      title: input.title ?? null,
      publishedAt: input.publishedAt ? parseIsoDate(input.publishedAt) : null,
      dateline: input.dateline ?? null,
      body: input.body,
      language: input.language ?? 'en',
      contentHash: hash,
      sourceId: source?.id ?? null,
      extractorVersion: input.extractorVersion ?? 'manual',
    },
    select: { id: true },
  });
  return { ...(await writeDerived(tx, article.id, input, options)), created: true };
}

export interface WriteOptions {
  /**
   * Attach each event to an existing one that is the same real-world event (same type, a date within
   * a day, a shared participant, a compatible place) instead of creating it: for extracted articles,
   * where several reports of one clash must become one Event.
   */
  mergeEvents?: boolean;
  /** Spans of statements a user corrected: an extracted statement on the same span is not written again. */
  keepStatementSpans?: { start: number; end: number }[];
  /** Set by the callers from providerOf(db). */
  provider?: Provider;
  /**
   * The input was extracted from raw text, so nobody can correct it: a parent that would make a
   * cycle is left out and a participant named twice is stored once, instead of refusing the article.
   */
  extracted?: boolean;
}

/** Writes what is derived from an article (actors, places, mentions, events, statements, reports). */
export async function writeDerived(tx: Tx, articleId: number, input: StructuredArticle, options: WriteOptions = {}): Promise<IngestResult> {
  await lockWrites(tx, options.provider);
  const result = alreadyStored(articleId);

  const actorIds = new Map<string, number>();
  for (const actor of input.actors ?? []) {
    const { id, created } = await resolveActor(tx, actor);
    actorIds.set(actor.ref, id);
    if (created) result.actorsCreated += 1;
    else result.actorsReused += 1;
  }
  for (const [i, actor] of (input.actors ?? []).entries()) {
    if (actor.parentRef == null) continue;
    await setParent(tx, 'actor', actorIds.get(actor.ref)!, actorIds.get(actor.parentRef)!, `input.actors[${i}].parentRef`, options);
  }
  const mentions = (input.actors ?? []).flatMap((actor) =>
    (actor.mentions ?? []).map((m) => ({
      articleId,
      actorId: actorIds.get(actor.ref)!,
      start: m.start,
      end: m.end,
      text: input.body.slice(m.start, m.end),
    })),
  );
  if (mentions.length) result.mentions = (await tx.actorMention.createMany({ data: mentions })).count;

  const placeIds = new Map<string, number>();
  for (const place of input.places ?? []) {
    const names = [place.name, ...(place.aliases ?? [])];
    const normalized = [...new Set(names.map(normalizeName))];
    const match = await tx.placeAlias.findFirst({
      where: { normalized: { in: normalized }, place: { kind: place.kind } },
      orderBy: { placeId: 'asc' },
      select: { placeId: true },
    });
    let placeId = match?.placeId;
    if (placeId == null) {
      placeId = (
        await tx.place.create({
          data: {
            name: place.name.trim(),
            kind: place.kind,
            countryCode: place.countryCode ?? null,
            latitude: place.latitude ?? null,
            longitude: place.longitude ?? null,
          },
          select: { id: true },
        })
      ).id;
      result.placesCreated += 1;
    } else {
      result.placesReused += 1;
    }
    await addAliases(tx, 'place', placeId, names);
    placeIds.set(place.ref, placeId);
  }
  for (const [i, place] of (input.places ?? []).entries()) {
    if (place.parentRef == null) continue;
    await setParent(tx, 'place', placeIds.get(place.ref)!, placeIds.get(place.parentRef)!, `input.places[${i}].parentRef`, options);
  }

  const eventIds = new Map<string, number>();
  const events = input.events ?? [];
  for (const [i, event] of events.entries()) {
    const participants: { actorId: number; role: ParticipantRole }[] = [];
    for (const [j, p] of (event.participants ?? []).entries()) {
      const actorId = actorIds.get(p.actorRef)!;
      if (!participants.some((q) => q.actorId === actorId && q.role === p.role)) participants.push({ actorId, role: p.role });
      else if (!options.extracted) {
        // Two refs that matched one stored actor: the same participation twice, which no retry can store.
        throw new ValidationError([{ field: `input.events[${i}].participants[${j}]`, problem: `"${p.actorRef}" is the same stored actor (id ${actorId}) as another participant with the role ${p.role}` }]);
      }
    }
    const date = event.date ? parseIsoDate(event.date) : null;
    const placeId = event.placeRef != null ? placeIds.get(event.placeRef)! : null;
    const same = options.mergeEvents ? await sameEvent(tx, event.type, date, placeId, participants.map((p) => p.actorId)) : null;
    if (same) {
      const known = await tx.eventParticipant.findMany({ where: { eventId: same }, select: { actorId: true, role: true } });
      const missing = participants.filter((p) => !known.some((k) => k.actorId === p.actorId && k.role === p.role));
      if (missing.length) await tx.eventParticipant.createMany({ data: missing.map((p) => ({ ...p, eventId: same })) });
      eventIds.set(event.ref ?? `#${i}`, same);
      result.eventsMerged += 1;
      continue;
    }
    const created = await tx.event.create({
      data: {
        type: event.type,
        summary: event.summary.trim(),
        date,
        datePrecision: event.datePrecision ?? (event.date ? 'DAY' : 'UNKNOWN'),
        placeId,
        fatalities: event.fatalities ?? null,
        injuries: event.injuries ?? null,
        status: event.status ?? 'REPORTED',
        confidence: event.confidence ?? 1,
        createdByArticleId: articleId,
        participants: { create: participants },
      },
      select: { id: true },
    });
    eventIds.set(event.ref ?? `#${i}`, created.id);
    result.events += 1;
  }

  const statementIds = new Map<string, number>();
  for (const statement of input.statements ?? []) {
    if (options.keepStatementSpans?.some((k) => k.start === statement.start && k.end === statement.end)) continue;
    const created = await tx.statement.create({
      data: {
        articleId,
        speakerId: statement.speakerRef != null ? actorIds.get(statement.speakerRef)! : null,
        quote: statement.quote,
        kind: statement.kind,
        cue: statement.cue ?? null,
        start: statement.start,
        end: statement.end,
        confidence: statement.confidence ?? 1,
        eventId: statement.eventRef != null ? eventIds.get(statement.eventRef)! : null,
      },
      select: { id: true },
    });
    if (statement.ref != null) statementIds.set(statement.ref, created.id);
    result.statements += 1;
  }

  const reports = events.flatMap((event, i) =>
    (event.reports ?? []).map((r) => ({
      eventId: eventIds.get(event.ref ?? `#${i}`)!,
      articleId,
      statementId: r.statementRef != null ? statementIds.get(r.statementRef)! : null,
      start: r.start,
      end: r.end,
    })),
  );
  if (reports.length) result.reports = (await tx.eventReport.createMany({ data: reports })).count;
  return result;
}

/**
 * The existing actor that one of the names identifies, preferring the same kind and country,
 * or a new one. Its aliases grow by the names this article uses.
 */
async function resolveActor(tx: Tx, actor: ActorInput): Promise<{ id: number; created: boolean }> {
  const names = [actor.name, ...(actor.aliases ?? [])];
  const normalized = [...new Set(names.map(normalizeName))];
  const candidates = await tx.actorAlias.findMany({
    where: { normalized: { in: normalized } },
    select: { normalized: true, actor: { select: { id: true, kind: true, countryCode: true } } },
    orderBy: { actorId: 'asc' },
  });
  const score = (c: (typeof candidates)[number]) =>
    (c.normalized === normalizeName(actor.name) ? 4 : 0) +
    (c.actor.kind === actor.kind ? 2 : 0) +
    ((c.actor.countryCode ?? null) === (actor.countryCode ?? null) ? 1 : 0);
  // Only an actor of the same kind is the same actor: "Armenia" the state is not Armenia's army.
  const best = candidates.filter((c) => c.actor.kind === actor.kind).sort((a, b) => score(b) - score(a))[0];
  let id = best?.actor.id;
  const created = id == null;
  if (id == null) {
    id = (
      await tx.actor.create({
        data: {
          name: actor.name.trim(),
          kind: actor.kind,
          countryCode: actor.countryCode ?? null,
          title: actor.title ?? null,
        },
        select: { id: true },
      })
    ).id;
  }
  await addAliases(tx, 'actor', id, names);
  return { id, created };
}

/** The most parents a chain may have: every walk up a chain stops here, even over a stored cycle. */
export const MAX_PARENT_DEPTH = 100;

/**
 * The ancestors of an actor or place, nearest first, as far as MAX_PARENT_DEPTH. Stops at a
 * repeated id, so a cycle stored before cycles were refused cannot make it loop.
 */
export async function ancestors(tx: Tx, owner: 'actor' | 'place', id: number): Promise<{ ids: number[]; complete: boolean }> {
  const ids: number[] = [];
  let at: number | null = id;
  while (at != null && ids.length < MAX_PARENT_DEPTH) {
    const row: { parentId: number | null } | null =
      owner === 'actor'
        ? await tx.actor.findUnique({ where: { id: at }, select: { parentId: true } })
        : await tx.place.findUnique({ where: { id: at }, select: { parentId: true } });
    at = row?.parentId ?? null;
    if (at == null) return { ids, complete: true };
    if (at === id || ids.includes(at)) return { ids: [...ids, at], complete: true };
    ids.push(at);
  }
  return { ids, complete: at == null };
}

/**
 * Gives an actor or place the parent an article names, unless it has one: a correction made through
 * the API (an existing parent) wins over what an article says. A parent that is the item itself, or
 * one of its descendants, would make a cycle: refused (or, for extracted input, left out).
 */
async function setParent(tx: Tx, owner: 'actor' | 'place', id: number, parentId: number, field: string, options: WriteOptions): Promise<void> {
  const current =
    owner === 'actor'
      ? await tx.actor.findUnique({ where: { id }, select: { parentId: true } })
      : await tx.place.findUnique({ where: { id }, select: { parentId: true } });
  if (current?.parentId != null) return;
  const what = owner === 'actor' ? 'actor' : 'place';
  let problem: string | null = null;
  if (parentId === id) problem = `names the same stored ${what} (id ${id}) as the ${what} itself, which cannot be its own parent`;
  else {
    const up = await ancestors(tx, owner, parentId);
    if (up.ids.includes(id)) problem = `would make a cycle of parents: stored ${what} ${id} is already an ancestor of ${what} ${parentId}`;
    else if (!up.complete || up.ids.length >= MAX_PARENT_DEPTH) problem = `would make a chain of more than ${MAX_PARENT_DEPTH} parents`;
  }
  if (problem) {
    if (options.extracted) return;
    throw new ValidationError([{ field, problem }]);
  }
  if (owner === 'actor') await tx.actor.update({ where: { id }, data: { parentId } });
  else await tx.place.update({ where: { id }, data: { parentId } });
}

async function addAliases(tx: Tx, owner: 'actor' | 'place', id: number, names: string[]): Promise<void> {
  const wanted = new Map<string, string>();
  for (const name of names) {
    const key = normalizeName(name);
    if (key && !wanted.has(key)) wanted.set(key, name.trim());
  }
  const keys = [...wanted.keys()];
  const known =
    owner === 'actor'
      ? await tx.actorAlias.findMany({ where: { actorId: id, normalized: { in: keys } }, select: { normalized: true } })
      : await tx.placeAlias.findMany({ where: { placeId: id, normalized: { in: keys } }, select: { normalized: true } });
  for (const k of known) wanted.delete(k.normalized);
  if (wanted.size === 0) return;
  const rows = [...wanted].map(([normalized, text]) => ({ normalized, text }));
  if (owner === 'actor') await tx.actorAlias.createMany({ data: rows.map((r) => ({ ...r, actorId: id })) });
  else await tx.placeAlias.createMany({ data: rows.map((r) => ({ ...r, placeId: id })) });
}

const DAY_MS = 86_400_000;
/** Two places this close name one front: each side of a border clash names its own villages. */
const SAME_AREA_KM = 150;

function kilometres(a: { latitude: number | null; longitude: number | null }, b: { latitude: number | null; longitude: number | null }): number | null {
  if (a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * The stored event that is the same happening: same type, date within a day, a shared participant,
 * and a compatible place (either unknown, the same, one inside the other, or within SAME_AREA_KM).
 */
async function sameEvent(tx: Tx, type: EventType, date: Date | null, placeId: number | null, actorIds: number[]): Promise<number | null> {
  if (date == null || actorIds.length === 0) return null;
  const candidates = await tx.event.findMany({
    where: {
      type,
      date: { gte: new Date(date.getTime() - DAY_MS), lte: new Date(date.getTime() + DAY_MS) },
      participants: { some: { actorId: { in: actorIds } } },
    },
    select: { id: true, date: true, participants: { select: { actorId: true } }, place: { select: { id: true, parentId: true, latitude: true, longitude: true } } },
    orderBy: { id: 'asc' },
    take: 20,
  });
  const place = placeId == null ? null : await tx.place.findUnique({ where: { id: placeId }, select: { id: true, parentId: true, latitude: true, longitude: true } });
  const compatible = (c: (typeof candidates)[number]) => {
    if (!place || !c.place) return true;
    if (c.place.id === place.id || c.place.parentId === place.id || place.parentId === c.place.id) return true;
    const km = kilometres(c.place, place);
    return km != null && km <= SAME_AREA_KM;
  };
  const shared = (c: (typeof candidates)[number]) => c.participants.filter((p) => actorIds.includes(p.actorId)).length;
  const best = candidates
    .filter(compatible)
    .sort((a, b) => shared(b) - shared(a) || Math.abs(a.date!.getTime() - date.getTime()) - Math.abs(b.date!.getTime() - date.getTime()) || a.id - b.id)[0];
  return best?.id ?? null;
}
