import { builder, TEXT_COST } from './builder.js';
import { byDate } from './common.js';

export const Source = builder.prismaNode('Source', {
  select: { id: true },
  id: { field: 'id' },
  nullable: true,
  description: 'A news outlet.',
  fields: (t) => ({
    name: t.exposeString('name'),
    domain: t.exposeString('domain', { nullable: true, complexity: TEXT_COST.url }),
    articles: t.relatedConnection('articles', {
      cursor: 'id',
      totalCount: true,
      query: (_args, ctx) => ({ orderBy: [byDate(ctx.db.provider, 'publishedAt', 'desc'), { id: 'desc' }] }),
    }),
  }),
});

builder.queryField('sources', (t) =>
  t.prismaConnection({
    type: 'Source',
    cursor: 'id',
    resolve: (query, _root, _args, ctx) => ctx.db.prisma.source.findMany({ ...query, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    totalCount: (_conn, _args, ctx) => ctx.db.prisma.source.count(),
  }),
);
