import { builder } from './builder.js';
import {
  DatePrecision, EventStatus, EventType, ParticipantRole, Span, byDate, countAlongside, currentActorId, databaseId, dateRange, memoizedOn, filteredPage, sentenceOf, spanOf,
} from './common.js';
import { SortDirection, TEXT_COST, type Context } from './builder.js';
import type { Prisma } from '../generated/sqlite/client.js';
import type { Provider } from '../storage/db.js';
import { eventsFiltered, type EventConditions } from '../storage/event-filter.js';
import { filteredConnection } from '../storage/filtered-page.js';

export const Event = builder.prismaNode('Event', {
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  description: 'Something that happened, as reported. One real-world event is one Event with a report per article.',
  fields: (t) => ({
    type: t.expose('type', { type: EventType }),
    summary: t.exposeString('summary', { complexity: TEXT_COST.passage }),
    date: t.expose('date', { type: 'Date', nullable: true, description: 'The day, or the first day of the month or year that datePrecision names.' }),
    datePrecision: t.expose('datePrecision', { type: DatePrecision }),
    place: t.relation('place', { nullable: true }),
    fatalities: t.exposeInt('fatalities', { nullable: true }),
    injuries: t.exposeInt('injuries', { nullable: true }),
    status: t.expose('status', { type: EventStatus }),
    confidence: t.exposeFloat('confidence'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    participants: t.relatedConnection('participants', {
      cursor: 'id',
      totalCount: true,
      args: { role: t.arg({ type: ParticipantRole }) },
      query: (args) => ({ where: args.role ? { role: args.role } : {}, orderBy: { id: 'asc' } }),
    }),
    reports: t.relatedConnection('reports', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } }),
    statements: t.relatedConnection('statements', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } }),
  }),
});

export const EventParticipant = builder.prismaObject('EventParticipant', {
  select: { id: true },
  description: 'An actor taking part in an event, in a role.',
  fields: (t) => ({
    role: t.expose('role', { type: ParticipantRole }),
    actor: t.relation('actor'),
    event: t.relation('event'),
  }),
});

export const EventReport = builder.prismaObject('EventReport', {
  select: { id: true },
  description: 'The evidence for an event: where an article reports it, and the statement carrying the claim, if any.',
  fields: (t) => ({
    event: t.relation('event'),
    article: t.relation('article'),
    statement: t.relation('statement', { nullable: true }),
    span: t.field({
      type: Span,
      complexity: TEXT_COST.passage,
      select: { start: true, end: true, article: { select: { body: true } } },
      resolve: (r) => spanOf(r.article.body, r.start, r.end),
    }),
    sentence: t.field({
      type: Span,
      complexity: TEXT_COST.sentence,
      description: 'The whole sentence around the span.',
      select: { start: true, end: true, article: { select: { body: true } } },
      resolve: (r) => sentenceOf(r.article.body, r.start, r.end),
    }),
  }),
});

const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    types: t.field({ type: [EventType] }),
    statuses: t.field({ type: [EventStatus] }),
    dateFrom: t.field({ type: 'Date', description: 'Events on or after this day.' }),
    dateTo: t.field({ type: 'Date', description: 'Events on or before this day.' }),
    actor: t.id({ description: 'Events in which this actor takes part.' }),
    role: t.field({ type: ParticipantRole, description: 'With actor: only in this role.' }),
    countryCode: t.string({ description: 'Events with a participant, or a place, of this country (ISO alpha-3).' }),
    place: t.id({ description: 'Events at this place or inside it (one level down).' }),
    article: t.id({ description: 'Events reported by this article.' }),
  }),
});

const EventOrderField = builder.enumType('EventOrderField', { values: ['DATE', 'CREATED_AT'] as const });
const EventOrder = builder.inputType('EventOrder', {
  fields: (t) => ({
    field: t.field({ type: EventOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'DESC' }),
  }),
});

builder.queryField('events', (t) =>
  t.prismaConnection({
    type: 'Event',
    cursor: 'id',
    description: 'Events, newest first unless ordered otherwise. An unknown date counts as the earliest.',
    args: {
      filter: t.arg({ type: EventFilter }),
      orderBy: t.arg({ type: EventOrder }),
    },
    resolve: async (query, _root, args, ctx, info) => {
      eventCount.start(args, ctx, info);
      if (byParticipants(args.filter)) {
        const filtered = await eventsByParticipants(args, ctx);
        return filteredPage(filtered, query as never, (plan, page) => ctx.db.prisma.event.findMany({ ...plan, where: { id: { in: page } } }));
      }
      return ctx.db.prisma.event.findMany({ ...query, where: eventWhere(args.filter), orderBy: eventOrder(ctx.db.provider, args.orderBy) });
    },
    totalCount: (_conn, args, ctx) => eventCount.count(args, ctx),
  }),
);

type EventFilterInput = typeof EventFilter.$inferInput;
type EventArgs = { filter?: EventFilterInput | null; orderBy?: typeof EventOrder.$inferInput | null };

/** Filters through participants (an actor, a country) are answered as filtered connections (storage/filtered-page.ts). */
const byParticipants = (filter?: EventFilterInput | null) => filter?.actor != null || filter?.countryCode != null;

const eventCount = countAlongside(async (args: EventArgs, ctx: Context) =>
  byParticipants(args.filter) ? (await eventsByParticipants(args, ctx)).count() : ctx.db.prisma.event.count({ where: eventWhere(args.filter) }));

const eventsByParticipants = memoizedOn(async (args: EventArgs, ctx: Context) => {
  const f = args.filter!;
  dateRange(f.dateFrom, f.dateTo, 'filter.dateTo');
  const conditions: EventConditions = {
    types: f.types ?? undefined,
    statuses: f.statuses ?? undefined,
    dateFrom: f.dateFrom,
    dateTo: f.dateTo,
    actorId: f.actor != null ? await currentActorId(ctx, f.actor, 'filter.actor') : undefined,
    role: f.role,
    countryCode: f.countryCode?.toUpperCase(),
    placeId: f.place != null ? databaseId(f.place, 'Place', 'filter.place') : undefined,
    articleId: f.article != null ? databaseId(f.article, 'Article', 'filter.article') : undefined,
  };
  const direction = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
  return filteredConnection(ctx.db.prisma, ctx.db.provider, eventsFiltered(conditions, { byDate: args.orderBy?.field !== 'CREATED_AT', direction }));
});

function eventWhere(filter?: EventFilterInput | null): Prisma.EventWhereInput {
  if (!filter) return {};
  const and: Prisma.EventWhereInput[] = [];
  if (filter.types?.length) and.push({ type: { in: filter.types } });
  if (filter.statuses?.length) and.push({ status: { in: filter.statuses } });
  const date = dateRange(filter.dateFrom, filter.dateTo, 'filter.dateTo');
  if (date) and.push({ date });
  // actor and countryCode never reach here: byParticipants sends them to eventsByParticipants.
  if (filter.place != null) {
    const placeId = databaseId(filter.place, 'Place', 'filter.place');
    and.push({ OR: [{ placeId }, { place: { parentId: placeId } }] });
  }
  if (filter.article != null) {
    const articleId = databaseId(filter.article, 'Article', 'filter.article');
    and.push({ reports: { some: { articleId } } });
  }
  return and.length ? { AND: and } : {};
}

function eventOrder(provider: Provider, order?: typeof EventOrder.$inferInput | null): Prisma.EventOrderByWithRelationInput[] {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  // Ids grow with creation time: ordering by id is ordering by creation, on the primary key.
  if (order?.field === 'CREATED_AT') return [{ id: direction }];
  return [byDate(provider, 'date', direction), { id: direction }];
}
