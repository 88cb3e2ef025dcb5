import { builder, cappedListComplexity, DEFAULT_LIST_SIZE, type Context } from './builder.js';
import { PlaceKind, byDate } from './common.js';
import { normalizeName } from '../extraction/normalize.js';
import { aliasContains } from '../storage/alias-search.js';
import type { Prisma } from '../generated/sqlite/client.js';

export const Place = builder.prismaNode('Place', {
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: PlaceKind }),
    countryCode: t.exposeString('countryCode', { nullable: true }),
    latitude: t.exposeFloat('latitude', { nullable: true }),
    longitude: t.exposeFloat('longitude', { nullable: true }),
    parent: t.relation('parent', { nullable: true }),
    aliases: t.field({
      type: ['String'],
      description: `Other names of the place, in order: the first ${DEFAULT_LIST_SIZE} unless \`first\` says otherwise (at most 100).`,
      args: { first: t.arg.int({ required: true, defaultValue: DEFAULT_LIST_SIZE }) },
      complexity: cappedListComplexity,
      select: (args) => ({ aliases: { select: { text: true }, orderBy: { normalized: 'asc' }, take: args.first } }),
      resolve: (p) => p.aliases.map((a) => a.text),
    }),
    events: t.relatedConnection('events', { cursor: 'id', totalCount: true, query: (_args, ctx) => ({ orderBy: [byDate(ctx.db.provider, 'date', 'desc'), { id: 'desc' }] }) }),
  }),
});

const PlaceFilter = builder.inputType('PlaceFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Part of the name or of any alias (Kelbajar, Kalbajar), case-insensitive.' }),
    kinds: t.field({ type: [PlaceKind] }),
    countryCode: t.string(),
  }),
});

async function placeWhere(ctx: Context, filter?: typeof PlaceFilter.$inferInput | null): Promise<Prisma.PlaceWhereInput> {
  if (!filter) return {};
  const and: Prisma.PlaceWhereInput[] = [];
  if (filter.search != null) {
    const needle = normalizeName(filter.search);
    if (needle) and.push((await aliasContains(ctx.db.prisma, ctx.db.provider, 'place', needle)) as Prisma.PlaceWhereInput);
  }
  if (filter.kinds?.length) and.push({ kind: { in: filter.kinds } });
  if (filter.countryCode != null) and.push({ countryCode: filter.countryCode.toUpperCase() });
  return and.length ? { AND: and } : {};
}

builder.queryField('places', (t) =>
  t.prismaConnection({
    type: 'Place',
    cursor: 'id',
    description: 'Places, by name.',
    args: { filter: t.arg({ type: PlaceFilter }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.db.prisma.place.findMany({ ...query, where: await placeWhere(ctx, args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    totalCount: async (_conn, args, ctx) => ctx.db.prisma.place.count({ where: await placeWhere(ctx, args.filter) }),
  }),
);
