import type { FilteredQuery, Membership, Sql } from './filtered-page.js';

/** The conditions of an events connection, as plain values (the GraphQL layer checks the ids). */
export interface EventConditions {
  types?: string[];
  statuses?: string[];
  dateFrom?: Date | null;
  dateTo?: Date | null;
  actorId?: number;
  role?: string | null;
  countryCode?: string;
  placeId?: number;
  articleId?: number;
}

/** Events in which the actor takes part (in `role`, when given): through the participant index. */
function eventsOfActor(actorId: number, role?: string | null): Membership {
  const where = (sql: Sql) => `"actorId" = ${sql.p(actorId)}${role ? ` AND "role"${sql.text} = ${sql.p(role)}` : ''}`;
  return {
    probe: (sql) => `EXISTS (SELECT 1 FROM "EventParticipant" ep WHERE ep."eventId" = t.id AND ep.${where(sql)} ${sql.perRow})`,
    members: (sql) => `SELECT "eventId" FROM "EventParticipant" WHERE ${where(sql)}`,
    // An actor may take part in one event in two roles.
    count: (sql) => `SELECT count(DISTINCT "eventId") AS n FROM "EventParticipant" WHERE ${where(sql)}`,
    probeCost: 2,
  };
}

/**
 * Events with a participant of the country, or at a place in it: one range of EventCountry's key,
 * which triggers keep (see the model), so a probe is one key lookup and the count one index range.
 */
function eventsOfCountry(countryCode: string): Membership {
  const where = (sql: Sql) => `"countryCode" = ${sql.p(countryCode)}`;
  return {
    probe: (sql) => `EXISTS (SELECT 1 FROM "EventCountry" ec WHERE ec.${where(sql)} AND ec."eventId" = t.id ${sql.perRow})`,
    members: (sql) => `SELECT "eventId" FROM "EventCountry" WHERE ${where(sql)}`,
    count: (sql) => `SELECT count(*) AS n FROM "EventCountry" WHERE ${where(sql)}`,
    probeCost: 1,
  };
}

/**
 * An events connection filtered by actor or country (its membership; see filtered-page.ts), with
 * the other conditions. The actor, being the narrower, leads when both are given.
 */
export function eventsFiltered(c: EventConditions, order: { byDate: boolean; direction: 'asc' | 'desc' }): FilteredQuery {
  const date = (sql: Sql, d: Date) => sql.p(sql.provider === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d);
  const byActor = c.actorId != null ? eventsOfActor(c.actorId, c.role) : null;
  const byCountry = c.countryCode != null ? eventsOfCountry(c.countryCode) : null;
  const membership = byActor ?? byCountry;
  if (!membership) throw new Error('eventsFiltered needs an actor or a country');
  const conditions: ((sql: Sql) => string)[] = [];
  if (byActor && byCountry) conditions.push((sql) => byCountry.probe(sql));
  if (c.types?.length) conditions.push((sql) => `t."type"${sql.text} IN (${c.types!.map((v) => sql.p(v)).join(', ')})`);
  if (c.statuses?.length) conditions.push((sql) => `t."status"${sql.text} IN (${c.statuses!.map((v) => sql.p(v)).join(', ')})`);
  if (c.dateFrom) conditions.push((sql) => `t."date" >= ${date(sql, c.dateFrom!)}`);
  if (c.dateTo) conditions.push((sql) => `t."date" <= ${date(sql, c.dateTo!)}`);
  if (c.placeId != null) conditions.push((sql) => `(t."placeId" = ${sql.p(c.placeId)} OR ${sql.in('t."placeId"', `SELECT id FROM "Place" WHERE "parentId" = ${sql.p(c.placeId)}`)})`);
  if (c.articleId != null) conditions.push((sql) => sql.in('t.id', `SELECT "eventId" FROM "EventReport" WHERE "articleId" = ${sql.p(c.articleId)}`));
  const { direction } = order;
  return {
    table: 'Event',
    membership,
    conditions,
    order: order.byDate ? [{ column: 'date', direction, nullable: true }, { column: 'id', direction }] : [{ column: 'id', direction }],
  };
}
