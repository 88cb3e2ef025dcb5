import { queryFromInfo } from '@pothos/plugin-prisma';
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import { builder, TEXT_COST } from './builder.js';
import { Article } from './article.js';
import { Statement } from './statement.js';
import { countMatches, search, type SearchTarget } from '../storage/search.js';

const SearchTargetEnum = builder.enumType('SearchTarget', { values: ['ARTICLE', 'STATEMENT'] as const });

const SearchResult = builder.unionType('SearchResult', {
  types: [Article, Statement],
  resolveType: (node) => (node as unknown as Hit['node']).__typename,
});

interface Hit {
  score: number;
  snippet: string;
  node: { __typename: 'Article' | 'Statement' };
}

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchResult,
      description: 'Full-text search over article titles and bodies and statement quotes, best match first.',
      args: {
        query: t.arg.string({ required: true }),
        targets: t.arg({ type: [SearchTargetEnum], defaultValue: ['ARTICLE', 'STATEMENT'] }),
      },
      resolve: async (_root, args, ctx, info) => {
        const targets = (args.targets?.length ? args.targets : ['ARTICLE', 'STATEMENT']).map((t) => t.toLowerCase() as SearchTarget);
        const counts = await Promise.all(targets.map((target) => countMatches(ctx.db.prisma, ctx.db.provider, target, args.query, 'query')));
        const hitsByPage = new Map<object, Hit>();
        const connection = await resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ limit, offset }) => {
          const hits = await search(ctx.db.prisma, ctx.db.provider, args.query, targets, limit, offset);
          const ids = (target: SearchTarget) => hits.filter((h) => h.target === target).map((h) => h.id);
          const path = ['edges', 'node'];
          const [articles, statements] = await Promise.all([
            ids('article').length
              ? ctx.db.prisma.article.findMany({ ...queryFromInfo({ context: ctx, info, path, typeName: 'Article' }), where: { id: { in: ids('article') } } })
              : [],
            ids('statement').length
              ? ctx.db.prisma.statement.findMany({ ...queryFromInfo({ context: ctx, info, path, typeName: 'Statement' }), where: { id: { in: ids('statement') } } })
              : [],
          ]);
          const nodes = new Map<string, object>([
            ...articles.map((a) => [`article:${a.id}`, { ...a, __typename: 'Article' }] as const),
            ...statements.map((s) => [`statement:${s.id}`, { ...s, __typename: 'Statement' }] as const),
          ]);
          return hits.flatMap((h) => {
            const node = nodes.get(`${h.target}:${h.id}`) as Hit['node'] | undefined;
            if (!node) return [];
            hitsByPage.set(node, { score: h.score, snippet: h.snippet, node });
            return [node];
          });
        });
        // Edges carry the rank beside the node; Pothos's edge type does not know these extra keys.
        return {
          ...connection,
          edges: connection.edges.map((edge) => edge && { ...edge, ...hitsByPage.get(edge.node)! }),
          totalCount: counts.reduce((a, b) => a + b, 0),
        } as never;
      },
    },
    { name: 'SearchConnection' },
    {
      name: 'SearchEdge',
      description: 'One ranked match, with the matching words marked «like this» in the snippet.',
      fields: (edge) => ({
        score: edge.float({ description: 'Higher is better: bm25 on SQLite, ts_rank_cd on PostgreSQL.', resolve: (e) => (e as unknown as Hit).score }),
        snippet: edge.string({ complexity: TEXT_COST.passage, resolve: (e) => (e as unknown as Hit).snippet }),
      }),
    },
  ),
);
