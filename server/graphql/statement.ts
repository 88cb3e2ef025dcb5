import { builder, SortDirection, TEXT_COST } from './builder.js';
import { MUTATION_ERRORS, Span, StatementKind, countAlongside, rowSelection, currentActorId, databaseId, memoizedOn, filteredPage, sentenceOf } from './common.js';
import { NotFoundError, ValidationError } from '../storage/errors.js';
import { loneSurrogateIssues } from '../storage/text-limits.js';
import { currentActorIds } from '../storage/actors.js';
import { lockWrites, WRITE_TRANSACTION } from '../storage/db.js';
import { textMatch } from '../storage/search.js';
import { filteredConnection, type FilteredQuery, type Sql } from '../storage/filtered-page.js';
import type { Context } from './builder.js';
import type { Prisma } from '../generated/sqlite/client.js';

export const Statement = builder.prismaNode('Statement', {
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  description: 'What someone said: a quotation or a reported claim, with the sentence that carries it.',
  fields: (t) => ({
    quote: t.exposeString('quote', { description: 'The exact words, as in the article.', complexity: TEXT_COST.passage }),
    kind: t.expose('kind', { type: StatementKind }),
    cue: t.exposeString('cue', { nullable: true, description: 'The reporting verb: said, added, accused...' }),
    confidence: t.exposeFloat('confidence'),
    correctedAt: t.expose('correctedAt', { type: 'DateTime', nullable: true, description: 'When a user corrected it; re-extraction keeps corrected statements.' }),
    speaker: t.relation('speaker', { nullable: true, description: 'Null when the text does not say who spoke.' }),
    article: t.relation('article'),
    event: t.relation('event', { nullable: true }),
    span: t.field({
      type: Span,
      complexity: TEXT_COST.passage,
      select: { start: true, end: true, quote: true },
      resolve: (s) => ({ start: s.start, end: s.end, text: s.quote }),
    }),
    sentence: t.field({
      type: Span,
      complexity: TEXT_COST.sentence,
      description: 'The sentence of the article that holds the statement.',
      select: { start: true, end: true, article: { select: { body: true } } },
      resolve: (s) => sentenceOf(s.article.body, s.start, s.end),
    }),
    reports: t.relatedConnection('reports', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } }),
  }),
});

const StatementFilter = builder.inputType('StatementFilter', {
  fields: (t) => ({
    speaker: t.id(),
    article: t.id(),
    event: t.id(),
    kinds: t.field({ type: [StatementKind] }),
    hasSpeaker: t.boolean({ description: 'false: only statements whose speaker the text does not name.' }),
    search: t.string({ description: 'Full-text search over quotes: only matching statements.' }),
  }),
});
const StatementOrderField = builder.enumType('StatementOrderField', {
  values: { CREATED_AT: { description: 'Order of ingestion.' }, POSITION: { description: 'Article, then place in the article.' } },
});
const StatementOrder = builder.inputType('StatementOrder', {
  fields: (t) => ({
    field: t.field({ type: StatementOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'DESC' }),
  }),
});

async function statementWhere(ctx: Context, filter?: typeof StatementFilter.$inferInput | null): Promise<Prisma.StatementWhereInput> {
  if (!filter) return {};
  const and: Prisma.StatementWhereInput[] = [];
  if (filter.speaker != null) and.push({ speakerId: await currentActorId(ctx, filter.speaker, 'filter.speaker') });
  if (filter.article != null) and.push({ articleId: databaseId(filter.article, 'Article', 'filter.article') });
  if (filter.event != null) and.push({ eventId: databaseId(filter.event, 'Event', 'filter.event') });
  if (filter.kinds?.length) and.push({ kind: { in: filter.kinds } });
  if (filter.hasSpeaker != null) and.push({ speakerId: filter.hasSpeaker ? { not: null } : null });
  return and.length ? { AND: and } : {};
}

type StatementArgs = { filter?: typeof StatementFilter.$inferInput | null; orderBy?: typeof StatementOrder.$inferInput | null };

/** The statements a search filter and the other conditions match, as a filtered connection. */
const searchedStatements = memoizedOn(async (args: StatementArgs, ctx: Context) => {
  const filter = args.filter!;
  const direction: 'asc' | 'desc' = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
  const speakerId = filter.speaker != null ? await currentActorId(ctx, filter.speaker, 'filter.speaker') : null;
  const articleId = filter.article != null ? databaseId(filter.article, 'Article', 'filter.article') : null;
  const eventId = filter.event != null ? databaseId(filter.event, 'Event', 'filter.event') : null;
  const conditions: FilteredQuery['conditions'] = [
    ...(speakerId != null ? [(sql: Sql) => `t."speakerId" = ${sql.p(speakerId)}`] : []),
    ...(articleId != null ? [(sql: Sql) => `t."articleId" = ${sql.p(articleId)}`] : []),
    ...(eventId != null ? [(sql: Sql) => `t."eventId" = ${sql.p(eventId)}`] : []),
    ...(filter.hasSpeaker != null ? [() => `t."speakerId" ${filter.hasSpeaker ? 'IS NOT NULL' : 'IS NULL'}`] : []),
  ];
  const order = args.orderBy?.field === 'POSITION'
    ? ['articleId', 'start', 'id'].map((column) => ({ column, direction }))
    : [{ column: 'id', direction }];
  return filteredConnection(ctx.db.prisma, ctx.db.provider, { table: 'Statement', membership: textMatch('statement', filter.search!, { kinds: filter.kinds ?? [] }), conditions, order });
});

const statementCount = countAlongside(async (args: StatementArgs, ctx: Context) =>
  args.filter?.search != null ? (await searchedStatements(args, ctx)).count() : ctx.db.prisma.statement.count({ where: await statementWhere(ctx, args.filter) }));

builder.queryField('statements', (t) =>
  t.prismaConnection({
    type: 'Statement',
    cursor: 'id',
    description: 'Statements, latest first unless ordered otherwise.',
    args: { filter: t.arg({ type: StatementFilter }), orderBy: t.arg({ type: StatementOrder }) },
    resolve: async (query, _root, args, ctx, info) => {
      statementCount.start(args, ctx, info);
      if (args.filter?.search != null) {
        const searched = await searchedStatements(args, ctx);
        return filteredPage(searched, query as never, (plan, page) => ctx.db.prisma.statement.findMany({ ...plan, where: { id: { in: page } } }));
      }
      const direction = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
      const orderBy: Prisma.StatementOrderByWithRelationInput[] =
        args.orderBy?.field === 'POSITION' ? [{ articleId: direction }, { start: direction }, { id: direction }] : [{ id: direction }];
      return ctx.db.prisma.statement.findMany({ ...query, where: await statementWhere(ctx, args.filter), orderBy });
    },
    totalCount: (_conn, args, ctx) => statementCount.count(args, ctx),
  }),
);

const UpdateStatementInput = builder.inputType('UpdateStatementInput', {
  description: 'A correction: only the fields given change. Re-extraction keeps a corrected statement.',
  fields: (t) => ({
    id: t.id({ required: true }),
    speaker: t.id({ description: 'The actor who said it.' }),
    clearSpeaker: t.boolean({ description: 'true: the text does not say who said it.' }),
    kind: t.field({ type: StatementKind }),
    cue: t.string(),
    event: t.id(),
  }),
});

builder.mutationField('updateStatement', (t) =>
  t.prismaField({
    type: 'Statement',
    description: 'Corrects a statement (speaker, kind, cue, event). Marks it corrected, so re-extraction keeps it.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { write: true },
    args: { input: t.arg({ type: UpdateStatementInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = databaseId(String(input.id), 'Statement', 'input.id');
      const surrogates = loneSurrogateIssues(input, 'input');
      if (surrogates.length) throw new ValidationError(surrogates);
      if (input.speaker != null && input.clearSpeaker) throw new ValidationError([{ field: 'input.clearSpeaker', problem: 'cannot clear the speaker and set one at once' }]);
      const speakerId = input.speaker != null ? databaseId(String(input.speaker), 'Actor', 'input.speaker') : undefined;
      const eventId = input.event != null ? databaseId(String(input.event), 'Event', 'input.event') : undefined;
      return ctx.db.prisma.$transaction(async (db) => {
        await lockWrites(db, ctx.db.provider);
        const speakerTarget = speakerId != null ? (await currentActorIds(db, [speakerId])).get(speakerId)! : null;
        const [statement, speaker, event] = await Promise.all([
          db.statement.findUnique({ where: { id }, select: { id: true } }),
          speakerTarget != null ? db.actor.findUnique({ where: { id: speakerTarget }, select: { id: true } }) : null,
          eventId != null ? db.event.findUnique({ where: { id: eventId }, select: { id: true } }) : null,
        ]);
        if (!statement) throw new NotFoundError('Statement', String(id), 'input.id');
        if (speakerId != null && !speaker) throw new NotFoundError('Actor', String(speakerId), 'input.speaker');
        if (eventId != null && !event) throw new NotFoundError('Event', String(eventId), 'input.event');
        return db.statement.update({
          ...rowSelection(query),
          where: { id },
          data: {
            ...(speaker ? { speakerId: speaker.id } : {}),
            ...(input.clearSpeaker ? { speakerId: null } : {}),
            ...(input.kind ? { kind: input.kind } : {}),
            ...(input.cue != null ? { cue: input.cue } : {}),
            ...(event ? { eventId: event.id } : {}),
            correctedAt: new Date(),
          },
        });
      }, WRITE_TRANSACTION);
    },
  }),
);
