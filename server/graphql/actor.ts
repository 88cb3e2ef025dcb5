import { builder, cappedListComplexity, DEFAULT_LIST_SIZE, SortDirection, TEXT_COST, type Context } from './builder.js';
import { ActorKind, MUTATION_ERRORS, ParticipantRole, countAlongside, rowSelection, Span, currentActorId, databaseId, databaseIds } from './common.js';
import { normalizeName } from '../extraction/normalize.js';
import { aliasContains } from '../storage/alias-search.js';
import { currentActorIds, mergeActors } from '../storage/actors.js';
import { NotFoundError, ValidationError, type FieldIssue } from '../storage/errors.js';
import { ancestors, MAX_PARENT_DEPTH } from '../storage/ingest.js';
import { lengthIssue, loneSurrogateIssues } from '../storage/text-limits.js';
import { lockWrites, WRITE_TRANSACTION } from '../storage/db.js';
import type { Prisma } from '../generated/sqlite/client.js';

export const Actor = builder.prismaNode('Actor', {
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  description: 'Something that acts or speaks: a state, a ministry, an armed force, a person...',
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: ActorKind }),
    countryCode: t.exposeString('countryCode', { nullable: true, description: 'ISO 3166-1 alpha-3.' }),
    title: t.exposeString('title', { nullable: true, description: 'Title or role of a person.' }),
    parent: t.relation('parent', { nullable: true }),
    children: t.relation('children', {
      description: `The actors directly under this one, by name: the first ${DEFAULT_LIST_SIZE} unless \`first\` says otherwise (at most 100; the \`parent\` filter of \`actors\` pages through all).`,
      args: { first: t.arg.int({ required: true, defaultValue: DEFAULT_LIST_SIZE }) },
      complexity: cappedListComplexity,
      query: (args) => ({ orderBy: { name: 'asc' }, take: args.first }),
    }),
    aliases: t.relation('aliases', {
      description: `The forms later articles are matched by, in order: the first ${DEFAULT_LIST_SIZE} unless \`first\` says otherwise (at most 100).`,
      args: { first: t.arg.int({ required: true, defaultValue: DEFAULT_LIST_SIZE }) },
      complexity: cappedListComplexity,
      query: (args) => ({ orderBy: { normalized: 'asc' }, take: args.first }),
    }),
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
  select: { id: true },
  fields: (t) => ({
    text: t.exposeString('text'),
    normalized: t.exposeString('normalized', { description: 'The form that matching compares.' }),
  }),
});

builder.prismaObject('ActorMention', {
  select: { id: true },
  description: 'One occurrence of an actor in an article.',
  fields: (t) => ({
    actor: t.relation('actor'),
    article: t.relation('article'),
    span: t.field({ type: Span, complexity: TEXT_COST.short, select: { start: true, end: true, text: true }, resolve: (m) => ({ start: m.start, end: m.end, text: m.text }) }),
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

async function actorWhere(ctx: Context, filter?: typeof ActorFilter.$inferInput | null): Promise<Prisma.ActorWhereInput> {
  if (!filter) return {};
  const and: Prisma.ActorWhereInput[] = [];
  if (filter.search != null) {
    const needle = normalizeName(filter.search);
    if (needle) and.push((await aliasContains(ctx.db.prisma, ctx.db.provider, 'actor', needle)) as Prisma.ActorWhereInput);
  }
  if (filter.kinds?.length) and.push({ kind: { in: filter.kinds } });
  if (filter.countryCode != null) and.push({ countryCode: filter.countryCode.toUpperCase() });
  if (filter.parent != null) and.push({ parentId: await currentActorId(ctx, filter.parent, 'filter.parent') });
  return and.length ? { AND: and } : {};
}

const actorCount = countAlongside(async (args: { filter?: typeof ActorFilter.$inferInput | null }, ctx: Context) =>
  ctx.db.prisma.actor.count({ where: await actorWhere(ctx, args.filter) }));

builder.queryField('actors', (t) =>
  t.prismaConnection({
    type: 'Actor',
    cursor: 'id',
    description: 'Actors, by name unless ordered otherwise.',
    args: { filter: t.arg({ type: ActorFilter }), orderBy: t.arg({ type: ActorOrder }) },
    resolve: async (query, _root, args, ctx, info) => {
      actorCount.start(args, ctx, info);
      const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
      const orderBy: Prisma.ActorOrderByWithRelationInput[] =
        args.orderBy?.field === 'CREATED_AT' ? [{ id: direction }] : [{ name: direction }, { id: direction }];
      return ctx.db.prisma.actor.findMany({ ...query, where: await actorWhere(ctx, args.filter), orderBy });
    },
    totalCount: async (_conn, args, ctx) => actorCount.count(args, ctx),
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
    authScopes: { admin: true },
    args: { input: t.arg({ type: MergeActorsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const keepId = databaseId(String(input.keep), 'Actor', 'input.keep');
      const mergeIds = databaseIds(input.merge.map(String), 'Actor', 'input.merge');
      const { actorId, mergedIds: _merged, ...counts } = await mergeActors(ctx.db.prisma, keepId, mergeIds);
      return { actorId, counts };
    },
  }),
);

const UpdateActorInput = builder.inputType('UpdateActorInput', {
  description: 'A correction: only the fields given change. Re-extraction never undoes it.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    kind: t.field({ type: ActorKind }),
    countryCode: t.string(),
    title: t.string(),
    parent: t.id(),
    addAliases: t.stringList({ description: 'More surface forms that later articles are matched by.' }),
  }),
});

builder.mutationField('updateActor', (t) =>
  t.prismaField({
    type: 'Actor',
    description: 'Corrects an actor: name, kind, country, title, parent, aliases.',
    errors: { types: MUTATION_ERRORS },
    authScopes: { write: true },
    args: { input: t.arg({ type: UpdateActorInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const db = ctx.db.prisma;
      const requested = databaseId(String(input.id), 'Actor', 'input.id');
      const id = (await currentActorIds(db, [requested])).get(requested)!;
      const issues: FieldIssue[] = loneSurrogateIssues(input, 'input');
      if (input.name != null && !input.name.trim()) issues.push({ field: 'input.name', problem: 'must not be empty' });
      for (const issue of [lengthIssue('input.name', input.name, 'name'), ...(input.addAliases ?? []).map((a, i) => lengthIssue(`input.addAliases[${i}]`, a, 'name'))]) {
        if (issue) issues.push(issue);
      }
      if (input.countryCode != null && !/^[A-Z]{3}$/.test(input.countryCode)) issues.push({ field: 'input.countryCode', problem: `"${input.countryCode}" is not an ISO 3166-1 alpha-3 code (three capital letters)` });
      const parentId = input.parent != null ? await currentActorId(ctx, String(input.parent), 'input.parent') : undefined;
      if (parentId === id) issues.push({ field: 'input.parent', problem: 'an actor cannot be its own parent' });
      if (issues.length) throw new ValidationError(issues);
      return db.$transaction(async (tx) => {
        await lockWrites(tx, ctx.db.provider);
        if (!(await tx.actor.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('Actor', String(id), 'input.id');
        if (parentId != null) {
          if (!(await tx.actor.findUnique({ where: { id: parentId }, select: { id: true } }))) throw new NotFoundError('Actor', String(parentId), 'input.parent');
          // Finding the actor itself above its new parent would make a cycle.
          const up = await ancestors(tx, 'actor', parentId);
          if (up.ids.includes(id)) throw new ValidationError([{ field: 'input.parent', problem: 'would make the actor an ancestor of itself' }]);
          if (!up.complete) throw new ValidationError([{ field: 'input.parent', problem: `would make a chain of more than ${MAX_PARENT_DEPTH} parents` }]);
        }
        const names = [...(input.addAliases ?? []), ...(input.name ? [input.name] : [])];
        for (const text of names) {
          const normalized = normalizeName(text);
          if (!normalized) continue;
          await tx.actorAlias.upsert({ where: { actorId_normalized: { actorId: id, normalized } }, create: { actorId: id, normalized, text: text.trim() }, update: {} });
        }
        return tx.actor.update({
          ...rowSelection(query),
          where: { id },
          data: {
            ...(input.name ? { name: input.name.trim() } : {}),
            ...(input.kind ? { kind: input.kind } : {}),
            ...(input.countryCode != null ? { countryCode: input.countryCode } : {}),
            ...(input.title != null ? { title: input.title } : {}),
            ...(parentId != null ? { parentId } : {}),
            correctedAt: new Date(),
          },
        });
      }, WRITE_TRANSACTION);
    },
  }),
);
