import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder, SortDirection, TEXT_COST, type Context } from './builder.js';
import {
  ActorKind, byDate, countAlongside, DatePrecision, memoizedOn, filteredPage, sqlDate, EventStatus, EventType, MUTATION_ERRORS, ParticipantRole, PlaceKind, StatementKind, databaseId, dateRange,
} from './common.js';
import { ingestStructuredArticle, type IngestResult } from '../storage/ingest.js';
import { ingestText } from '../storage/extracted.js';
import { ValidationError } from '../storage/errors.js';
import { deleteArticle, type DeleteArticleResult } from '../storage/delete-article.js';
import { textMatch } from '../storage/search.js';
import { filteredConnection, type FilteredQuery, type Sql } from '../storage/filtered-page.js';
import type { StructuredArticle } from '../storage/article-input.js';
import type { Prisma } from '../generated/sqlite/client.js';

export const Article = builder.prismaNode('Article', {
  // Select mode (on every type): a request loads only the columns its fields need, so a body only when asked for.
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  description: 'One news text, and everything derived from it.',
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true, complexity: TEXT_COST.url }),
    title: t.exposeString('title', { nullable: true, complexity: TEXT_COST.passage }),
    publishedAt: t.expose('publishedAt', { type: 'Date', nullable: true }),
    dateline: t.exposeString('dateline', { nullable: true }),
    body: t.exposeString('body', { description: 'The exact text ingested; every span points into it.', complexity: TEXT_COST.article }),
    language: t.exposeString('language'),
    contentHash: t.exposeString('contentHash', { description: 'sha256 of the body.' }),
    ingestedAt: t.expose('ingestedAt', { type: 'DateTime' }),
    extractorVersion: t.exposeString('extractorVersion'),
    source: t.relation('source', { nullable: true }),
    mentions: t.relatedConnection('mentions', { cursor: 'id', totalCount: true, query: { orderBy: [{ start: 'asc' }, { id: 'asc' }] } }),
    statements: t.relatedConnection('statements', { cursor: 'id', totalCount: true, query: { orderBy: [{ start: 'asc' }, { id: 'asc' }] } }),
    reports: t.relatedConnection('reports', {
      cursor: 'id',
      totalCount: true,
      description: 'The events this article reports, each with its span.',
      query: { orderBy: [{ start: 'asc' }, { id: 'asc' }] },
    }),
  }),
});

const ArticleFilter = builder.inputType('ArticleFilter', {
  fields: (t) => ({
    publishedFrom: t.field({ type: 'Date' }),
    publishedTo: t.field({ type: 'Date' }),
    source: t.id(),
    search: t.string({ description: 'Full-text search over titles and bodies: only matching articles.' }),
  }),
});
const ArticleOrderField = builder.enumType('ArticleOrderField', { values: ['PUBLISHED_AT', 'INGESTED_AT'] as const });
const ArticleOrder = builder.inputType('ArticleOrder', {
  fields: (t) => ({
    field: t.field({ type: ArticleOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'DESC' }),
  }),
});

function articleWhere(filter?: typeof ArticleFilter.$inferInput | null): Prisma.ArticleWhereInput {
  if (!filter) return {};
  const and: Prisma.ArticleWhereInput[] = [];
  const published = dateRange(filter.publishedFrom, filter.publishedTo, 'filter.publishedTo');
  if (published) and.push({ publishedAt: published });
  if (filter.source != null) and.push({ sourceId: databaseId(filter.source, 'Source', 'filter.source') });
  return and.length ? { AND: and } : {};
}

type ArticleArgs = { filter?: typeof ArticleFilter.$inferInput | null; orderBy?: typeof ArticleOrder.$inferInput | null };

/** The articles a search filter and the other conditions match, as a filtered connection. */
const searchedArticles = memoizedOn(async (args: ArticleArgs, ctx: Context) => {
  const filter = args.filter!;
  const direction: 'asc' | 'desc' = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
  dateRange(filter.publishedFrom, filter.publishedTo, 'filter.publishedTo');
  const { publishedFrom: from, publishedTo: to } = filter;
  const sourceId = filter.source != null ? databaseId(filter.source, 'Source', 'filter.source') : null;
  const conditions: FilteredQuery['conditions'] = [
    ...(from ? [(sql: Sql) => `t."publishedAt" >= ${sql.p(sqlDate(sql.provider, from))}`] : []),
    ...(to ? [(sql: Sql) => `t."publishedAt" <= ${sql.p(sqlDate(sql.provider, to))}`] : []),
    ...(sourceId != null ? [(sql: Sql) => `t."sourceId" = ${sql.p(sourceId)}`] : []),
  ];
  const order = args.orderBy?.field === 'INGESTED_AT'
    ? [{ column: 'id', direction }]
    : [{ column: 'publishedAt', direction, nullable: true }, { column: 'id', direction }];
  return filteredConnection(ctx.db.prisma, ctx.db.provider, { table: 'Article', membership: textMatch('article', filter.search!), conditions, order });
});

const articleCount = countAlongside(async (args: ArticleArgs, ctx: Context) =>
  args.filter?.search != null ? (await searchedArticles(args, ctx)).count() : ctx.db.prisma.article.count({ where: articleWhere(args.filter) }));

builder.queryField('articles', (t) =>
  t.prismaConnection({
    type: 'Article',
    cursor: 'id',
    description: 'Articles, latest published first unless ordered otherwise. An unknown date counts as the earliest.',
    args: { filter: t.arg({ type: ArticleFilter }), orderBy: t.arg({ type: ArticleOrder }) },
    resolve: async (query, _root, args, ctx, info) => {
      articleCount.start(args, ctx, info);
      if (args.filter?.search != null) {
        const searched = await searchedArticles(args, ctx);
        return filteredPage(searched, query as never, (plan, page) => ctx.db.prisma.article.findMany({ ...plan, where: { id: { in: page } } }));
      }
      const direction = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
      const orderBy: Prisma.ArticleOrderByWithRelationInput[] =
        args.orderBy?.field === 'INGESTED_AT'
          ? [{ id: direction }] // ids grow with ingestion time
          : [byDate(ctx.db.provider, 'publishedAt', direction), { id: direction }];
      return ctx.db.prisma.article.findMany({ ...query, where: articleWhere(args.filter), orderBy });
    },
    totalCount: (_conn, args, ctx) => articleCount.count(args, ctx),
  }),
);

// ---- ingest ---------------------------------------------------------------------------------

const SpanInput = builder.inputType('SpanInput', {
  fields: (t) => ({
    start: t.int({ required: true }),
    end: t.int({ required: true }),
    text: t.string({ description: 'When given, must equal body.slice(start, end).' }),
  }),
});

const ActorInput = builder.inputType('ActorInput', {
  description: 'An actor of the article. An existing actor with a matching alias and the same kind is reused.',
  fields: (t) => ({
    ref: t.string({ required: true, description: 'Name of this actor inside the input, for the other items to point at.' }),
    name: t.string({ required: true }),
    kind: t.field({ type: ActorKind, required: true }),
    countryCode: t.string(),
    title: t.string(),
    parentRef: t.string(),
    aliases: t.stringList(),
    mentions: t.field({ type: [SpanInput] }),
  }),
});

const PlaceInput = builder.inputType('PlaceInput', {
  fields: (t) => ({
    ref: t.string({ required: true }),
    name: t.string({ required: true }),
    kind: t.field({ type: PlaceKind, required: true }),
    countryCode: t.string(),
    latitude: t.float(),
    longitude: t.float(),
    parentRef: t.string(),
    aliases: t.stringList(),
  }),
});

const StatementInput = builder.inputType('StatementInput', {
  fields: (t) => ({
    ref: t.string(),
    speakerRef: t.string({ description: 'Null when the text does not say who spoke.' }),
    quote: t.string({ required: true, description: 'Must equal body.slice(start, end).' }),
    kind: t.field({ type: StatementKind, required: true }),
    cue: t.string(),
    start: t.int({ required: true }),
    end: t.int({ required: true }),
    confidence: t.float(),
    eventRef: t.string(),
  }),
});

const ParticipantInput = builder.inputType('ParticipantInput', {
  fields: (t) => ({
    actorRef: t.string({ required: true }),
    role: t.field({ type: ParticipantRole, required: true }),
  }),
});

const ReportInput = builder.inputType('ReportInput', {
  fields: (t) => ({
    start: t.int({ required: true }),
    end: t.int({ required: true }),
    text: t.string(),
    statementRef: t.string(),
  }),
});

const EventInput = builder.inputType('EventInput', {
  fields: (t) => ({
    ref: t.string(),
    type: t.field({ type: EventType, required: true }),
    summary: t.string({ required: true }),
    date: t.field({ type: 'Date' }),
    datePrecision: t.field({ type: DatePrecision }),
    placeRef: t.string(),
    fatalities: t.int(),
    injuries: t.int(),
    status: t.field({ type: EventStatus }),
    confidence: t.float(),
    participants: t.field({ type: [ParticipantInput] }),
    reports: t.field({ type: [ReportInput] }),
  }),
});

const SourceInput = builder.inputType('SourceInput', {
  fields: (t) => ({ name: t.string({ required: true }), domain: t.string() }),
});

const IngestArticleInput = builder.inputType('IngestArticleInput', {
  description:
    'An article to store. Either `text`, the raw article, from which actors, statements and events are extracted; ' +
    'or `body` with its actors, places, statements and events given explicitly.',
  fields: (t) => ({
    text: t.string({ description: 'The raw article: an optional ` date YYYY-MM-DD` line, title line and dateline, then the body. Extracted automatically.' }),
    url: t.string(),
    title: t.string(),
    publishedAt: t.field({ type: 'Date', description: 'Wins over a date line in `text`.' }),
    dateline: t.string(),
    body: t.string({ description: 'The exact body, for structured input; every span points into it.' }),
    language: t.string(),
    source: t.field({ type: SourceInput }),
    actors: t.field({ type: [ActorInput] }),
    places: t.field({ type: [PlaceInput] }),
    statements: t.field({ type: [StatementInput] }),
    events: t.field({ type: [EventInput] }),
  }),
});

const IngestStatus = builder.enumType('IngestStatus', {
  values: {
    CREATED: { description: 'The article and everything in the input were written.' },
    ALREADY_EXISTS: { description: 'An article with the same body was already stored; nothing was written.' },
  },
});

const IngestArticlePayload = builder.objectRef<IngestResult>('IngestArticlePayload').implement({
  fields: (t) => ({
    status: t.field({ type: IngestStatus, resolve: (r) => (r.created ? 'CREATED' : 'ALREADY_EXISTS') }),
    article: t.prismaField({
      type: 'Article',
      resolve: (query, r, _args, ctx) => ctx.db.prisma.article.findUniqueOrThrow({ ...query, where: { id: r.articleId } }),
    }),
    actorsCreated: t.exposeInt('actorsCreated'),
    actorsReused: t.exposeInt('actorsReused'),
    mentions: t.exposeInt('mentions'),
    placesCreated: t.exposeInt('placesCreated'),
    placesReused: t.exposeInt('placesReused'),
    statements: t.exposeInt('statements'),
    events: t.exposeInt('events'),
    reports: t.exposeInt('reports'),
    eventsMerged: t.exposeInt('eventsMerged', { description: 'Events other articles had already reported, which got this article as a further report.' }),
  }),
});

const toDay = (d?: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

builder.mutationField('ingestArticle', (t) =>
  t.field({
    type: IngestArticlePayload,
    description: 'Stores an article with what is derived from it, in one transaction. Idempotent by body.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { write: true },
    args: { input: t.arg({ type: IngestArticleInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      if ((input.text == null) === (input.body == null)) {
        throw new ValidationError([{ field: input.text == null ? 'input.body' : 'input.text', problem: 'give either text (to extract) or body (with structured items), not both or neither' }]);
      }
      if (input.text != null) {
        const structuredOnly = ['dateline', 'actors', 'places', 'statements', 'events'] as const;
        const extra = structuredOnly.find((key) => input[key] != null);
        if (extra) throw new ValidationError([{ field: `input.${extra}`, problem: 'goes with body, not with text: text is extracted automatically' }]);
        return ingestText(ctx.db.prisma, { ...input, text: input.text, publishedAt: toDay(input.publishedAt) });
      }
      const { text: _text, ...structured } = input;
      const article: StructuredArticle = {
        ...structured,
        body: input.body!,
        publishedAt: toDay(input.publishedAt),
        events: input.events?.map((e) => ({ ...e, date: toDay(e.date) })),
      };
      return ingestStructuredArticle(ctx.db.prisma, article);
    },
  }),
);

const DeleteArticlePayload = builder.objectRef<DeleteArticleResult>('DeleteArticlePayload').implement({
  description: 'What the deletion removed.',
  fields: (t) => ({
    deletedId: t.id({ resolve: (r) => encodeGlobalID('Article', r.articleId) }),
    mentions: t.exposeInt('mentions'),
    statements: t.exposeInt('statements'),
    reports: t.exposeInt('reports'),
    events: t.exposeInt('events', { description: 'Events that no other article reported.' }),
    actors: t.exposeInt('actors', { description: 'Actors that nothing else referred to.' }),
  }),
});

builder.mutationField('deleteArticle', (t) =>
  t.field({
    type: DeleteArticlePayload,
    description: 'Deletes an article and whatever was derived only from it.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteArticle(ctx.db.prisma, databaseId(String(args.id), 'Article', 'id')),
  }),
);
