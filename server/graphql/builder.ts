import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Database } from '../storage/db.js';
import { followActorRedirects } from './node.js';
import { parseIsoDate } from '../storage/article-input.js';

export interface Context {
  db: Database;
}

export const builder = new SchemaBuilder<{
  PrismaTypes: PrismaTypes;
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
  };
  Connection: { totalCount: number | (() => number | Promise<number>) };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // Pothos's resolveNode(s) callbacks ignore their argument and read the field's args, so the
    // redirected ids of merged actors are written into those args before the callback runs.
    nodeQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNode) => {
        [args.id] = await followActorRedirects(ctx, [args.id]);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNodes) => {
        args.ids = await followActorRedirects(ctx, args.ids);
        return resolveNodes(args.ids);
      },
    },
  },
  prisma: {
    client: (ctx) => ctx.db.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: 100,
    defaultConnectionSize: 20,
    onUnusedQuery: null,
  },
  errors: { defaultTypes: [] },
});

builder.queryType({});
builder.mutationType({});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items match, over all pages.',
    resolve: (parent) => (typeof parent.totalCount === 'function' ? parent.totalCount() : parent.totalCount),
  }),
);

function parseDate(value: unknown): Date {
  if (typeof value !== 'string') throw new GraphQLError('Date must be a string of the form YYYY-MM-DD');
  const date = parseIsoDate(value);
  if (!date) throw new GraphQLError(`"${value}" is not a date of the form YYYY-MM-DD`);
  return date;
}

builder.scalarType('Date', {
  description: 'A calendar day, YYYY-MM-DD (UTC).',
  serialize: (value) => value.toISOString().slice(0, 10),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string of the form YYYY-MM-DD');
    return parseDate(ast.value);
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO 8601 string');
    return date;
  },
});

export const SortDirection = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });
