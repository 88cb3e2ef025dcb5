import { builder, SortDirection } from './builder.js';
import { ActorKind, MUTATION_ERRORS, ParticipantRole, Span, databaseId, databaseIds, spanOf } from './common.js';
import { normalizeName } from '../extraction/normalize.js';
import { mergeActors } from '../storage/actors.js';
import type { Prisma } from '../generated/sqlite/client.js';

export const Actor = builder.prismaNode('Actor', {
  id: { field: 'id' },
  nullable: true,
  description: 'Something that acts or speaks: a state, a ministry, an armed force, a person...',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: ActorKind }),
    countryCode: t.exposeString('countryCode', { nullable: true, description: 'ISO 3166-1 alpha-3.' }),
    title: t.exposeString('title', { nullable: true, description: 'Title or role of a person.' }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', { query: { orderBy: { name: 'asc' } } }),
    aliases: t.relation('aliases', { query: { orderBy: { normalized: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    mentions: t.relatedConnection('mentions', { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } }),
    statements: t.relatedConnection('statements', {
      cursor: 'id',
      totalCount: true,
      description: "What this actor said, latest first.",
      query: { orderBy: { id: 'desc' } },
    }),
    participations: t.relatedConnection('participations', {
      cursor: 'id',
      totalCount: true,
      description: 'The events this actor takes part in, with its role.',
      args: { role: t.arg({ type: ParticipantRole }) },
      query: (args) => ({ where: args.role ? { role: args.role } : {}, orderBy: { id: 'desc' } }),
    }),
  }),
});

builder.prismaObject('ActorAlias', {
  fields: (t) => ({
    text: t.exposeString('text'),
    normalized: t.exposeString('normalized', { description: 'The form that matching compares.' }),
  }),
});

builder.prismaObject('ActorMention', {
  description: 'One occurrence of an actor in an article.',
  fields: (t) => ({
    actor: t.relation('actor'),
    article: t.relation('article'),
    span: t.field({ type: Span, select: { start: true, end: true, text: true }, resolve: (m) => ({ start: m.start, end: m.end, text: m.text }) }),
  }),
});

const ActorFilter = builder.inputType('ActorFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Part of the name or of any alias, case-insensitive.' }),
    kinds: t.field({ type: [ActorKind] }),
    countryCode: t.string(),
    parent: t.id({ description: 'Direct children of this actor.' }),
  }),
});
const ActorOrderField = builder.enumType('ActorOrderField', { values: ['NAME', 'CREATED_AT'] as const });
const ActorOrder = builder.inputType('ActorOrder', {
  fields: (t) => ({
    field: t.field({ type: ActorOrderField, required: true }),
    direction: t.field({ type: SortDirection, defaultValue: 'ASC' }),
  }),
});

function actorWhere(filter?: typeof ActorFilter.$inferInput | null): Prisma.ActorWhereInput {
  if (!filter) return {};
  const and: Prisma.ActorWhereInput[] = [];
  if (filter.search != null) {
    const needle = normalizeName(filter.search);
    if (needle) and.push({ aliases: { some: { normalized: { contains: needle } } } });
  }
  if (filter.kinds?.length) and.push({ kind: { in: filter.kinds } });
  if (filter.countryCode != null) and.push({ countryCode: filter.countryCode.toUpperCase() });
  if (filter.parent != null) and.push({ parentId: databaseId(filter.parent, 'Actor', 'filter.parent') });
  return and.length ? { AND: and } : {};
}

builder.queryField('actors', (t) =>
  t.prismaConnection({
    type: 'Actor',
    cursor: 'id',
    description: 'Actors, by name unless ordered otherwise.',
    args: { filter: t.arg({ type: ActorFilter }), orderBy: t.arg({ type: ActorOrder }) },
    resolve: (query, _root, args, ctx) => {
      const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
      const orderBy: Prisma.ActorOrderByWithRelationInput[] =
        args.orderBy?.field === 'CREATED_AT' ? [{ id: direction }] : [{ name: direction }, { id: direction }];
      return ctx.db.prisma.actor.findMany({ ...query, where: actorWhere(args.filter), orderBy });
    },
    totalCount: (_conn, args, ctx) => ctx.db.prisma.actor.count({ where: actorWhere(args.filter) }),
  }),
);

const MergeActorsInput = builder.inputType('MergeActorsInput', {
  fields: (t) => ({
    keep: t.id({ required: true, description: 'The actor that stays.' }),
    merge: t.idList({ required: true, description: 'The actors merged into it; their ids keep resolving to it.' }),
  }),
});

interface MovedCounts {
  aliasesMoved: number;
  mentionsMoved: number;
  participationsMoved: number;
  statementsMoved: number;
}

const MovedCountsRef = builder.objectRef<MovedCounts>('MergeActorsMoved').implement({
  description: 'What moved to the kept actor.',
  fields: (t) => ({
    aliasesMoved: t.exposeInt('aliasesMoved'),
    mentionsMoved: t.exposeInt('mentionsMoved'),
    participationsMoved: t.exposeInt('participationsMoved'),
    statementsMoved: t.exposeInt('statementsMoved'),
  }),
});

builder.mutationField('mergeActors', (t) =>
  t.field({
    type: builder.objectRef<{ actorId: number; counts: MovedCounts }>('MergeActorsResult').implement({
      fields: (f) => ({
        actor: f.prismaField({
          type: 'Actor',
          resolve: (query, parent, _args, ctx) => ctx.db.prisma.actor.findUniqueOrThrow({ ...query, where: { id: parent.actorId } }),
        }),
        moved: f.field({ type: MovedCountsRef, resolve: (parent) => parent.counts }),
      }),
    }),
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: MergeActorsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const keepId = databaseId(String(input.keep), 'Actor', 'input.keep');
      const mergeIds = databaseIds(input.merge.map(String), 'Actor', 'input.merge');
      const { actorId, mergedIds: _merged, ...counts } = await mergeActors(ctx.db.prisma, keepId, mergeIds);
      return { actorId, counts };
    },
  }),
);
