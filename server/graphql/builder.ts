import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind, getNamedType, getNullableType, isListType } from 'graphql';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { Database } from '../storage/db.js';
import type { ApiKeyInfo, Scope } from '../storage/api-keys.js';
import { ForbiddenError, UnauthorizedError } from '../storage/errors.js';
import { checkNodeCount, checkNodeIds, followActorRedirects } from './node.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, isConnectionType } from './connection-arguments.js';
import { MAX_BODY_LENGTH, parseIsoDate } from '../storage/article-input.js';

/**
 * What a text field adds to the estimated cost, by its size class (a unit is about a kilobyte, the
 * most a name can hold): an article body may hold MAX_ARTICLE_CHARS characters, so fetching one is
 * priced like a thousand names. Quotes, spans, titles, summaries and snippets are a sentence or two
 * of an article; a sentence costs more, as it is found by scanning its article's body on every read
 * and has no bound but the article. (Pricing quotes and sentences by the article's bound too would
 * refuse the benchmark's and GraphiQL's own nested queries.) README, "Limits", lists these.
 */
export const TEXT_COST = { short: 1, url: 2, passage: 2, sentence: 10, article: Math.max(1, Math.ceil(MAX_BODY_LENGTH / 1_000)) } as const;

/** The `first` of a capped plain list (an actor's children, aliases) when the client gives none. */
export const DEFAULT_LIST_SIZE = DEFAULT_PAGE_SIZE;

/**
 * A capped plain list costs like a connection page: what is under it, times the `first` it may
 * return (checked against MAX_PAGE_SIZE before execution, see connection-arguments.ts).
 */
export const cappedListComplexity = (args: { first?: number | null }) => ({ field: 1, multiplier: args.first ?? DEFAULT_LIST_SIZE });

/** Who is asking: the key they sent (verified at the door) and what it, with the settings, allows. */
export interface RequestAuth {
  key: ApiKeyInfo | null;
  scopes: ReadonlySet<Scope>;
  /** Reads are public unless the server requires a key for them. */
  canRead: boolean;
}

export interface Context {
  db: Database;
  auth: RequestAuth;
}

/** The scope a failed check wanted: the failure is a tree of any/all groups around the scopes. */
function missingScope(failure: AuthFailure): string {
  if (failure.kind === AuthScopeFailureType.AuthScope) return String(failure.scope);
  if ('failures' in failure) for (const inner of failure.failures) return missingScope(inner);
  return 'read';
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
  AuthScopes: { read: boolean; write: boolean; admin: boolean };
}>({
  // Scope checks run inside the errors plugin's wrapper, so a mutation's missing scope comes back
  // as a typed UnauthorizedError or ForbiddenError in its result union.
  plugins: [ErrorsPlugin, ScopeAuthPlugin, RelayPlugin, PrismaPlugin, ComplexityPlugin],
  scopeAuth: {
    authScopes: (ctx) => ({ read: ctx.auth.canRead, write: ctx.auth.scopes.has('write'), admin: ctx.auth.scopes.has('admin') }),
    unauthorizedError: (_parent, ctx, _info, result) => (ctx.auth.key ? new ForbiddenError(missingScope(result.failure)) : new UnauthorizedError()),
  },
  // Costs for the limit checked before execution (server/http/limits.ts): a connection multiplies
  // what is under it by its page size; its edges list does not multiply again. Text fields and
  // capped lists declare their own cost on the field (TEXT_COST, cappedListComplexity); the
  // remaining plain lists are mutation results, as long as the input that made them.
  complexity: {
    fieldComplexity: (args, _ctx, field) => {
      if (isConnectionType(getNamedType(field.type))) {
        const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_PAGE_SIZE;
        return { field: 1, multiplier: size };
      }
      if (field.name === 'edges') return { field: 1, multiplier: 1 };
      if (field.name === 'nodes' && Array.isArray(args.ids)) return { field: 1, multiplier: args.ids.length };
      return isListType(getNullableType(field.type)) ? { field: 1, multiplier: 10 } : 1;
    },
  },
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    // Pothos's resolveNode(s) callbacks ignore their argument and read the field's args, so the
    // redirected ids of merged actors are written into those args before the callback runs.
    nodeQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNode) => {
        checkNodeIds([args.id], 'id');
        [args.id] = await followActorRedirects(ctx, [args.id]);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      resolve: async (_root, args, ctx, _info, resolveNodes) => {
        checkNodeCount(args.ids.length);
        checkNodeIds(args.ids, 'ids');
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
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    onUnusedQuery: null,
  },
  errors: { defaultTypes: [] },
});

// Every root query field reads; every mutation declares its own scope (write or admin).
builder.queryType({ authScopes: { read: true } });
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
