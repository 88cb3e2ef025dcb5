/**
 * Compiles a read-only GraphQL operation into ONE SQL statement that builds the whole response as
 * JSON, the way Hasura and PostGraphile do, for the part of the schema where that is exact: node
 * lookups and the events/actors/statements/articles connections with `first` and `orderBy`, nested
 * relations and connections, scalar fields. Anything else (filters, cursors, pageInfo, search,
 * directives, float fields, a response key selected twice) returns null and the operation runs
 * through Pothos as usual.
 *
 * The answer must equal the Pothos answer byte for byte; test/compiled.test.ts checks that on both
 * databases for every query it knows.
 */
import { getVariableValues } from 'graphql/execution/values.js';
import {
  Kind, getNamedType, isObjectType, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema,
  type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { Provider } from '../storage/db.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection-arguments.js';

type Scalar = 'gid' | 'string' | 'int' | 'enum' | 'date' | 'datetime';

interface ToOne {
  to: string;
  /** The column of this table holding the other's id. */
  key: string;
}
interface ToMany {
  to: string;
  /** The column of the other table holding this one's id. */
  foreignKey: string;
  order: 'asc' | 'desc';
}
interface TypeSpec {
  table: string;
  scalars: Record<string, [Scalar, string]>;
  toOne?: Record<string, ToOne>;
  connections?: Record<string, ToMany>;
}

/** The tables behind the GraphQL types, and how each field reads from them. */
const TYPES: Record<string, TypeSpec> = {
  Event: {
    table: 'Event',
    scalars: {
      id: ['gid', 'id'], type: ['enum', 'type'], summary: ['string', 'summary'], date: ['date', 'date'], datePrecision: ['enum', 'datePrecision'],
      status: ['enum', 'status'], fatalities: ['int', 'fatalities'], injuries: ['int', 'injuries'], createdAt: ['datetime', 'createdAt'],
    },
    toOne: { place: { to: 'Place', key: 'placeId' } },
    connections: {
      participants: { to: 'EventParticipant', foreignKey: 'eventId', order: 'asc' },
      reports: { to: 'EventReport', foreignKey: 'eventId', order: 'asc' },
      statements: { to: 'Statement', foreignKey: 'eventId', order: 'asc' },
    },
  },
  EventParticipant: { table: 'EventParticipant', scalars: { role: ['enum', 'role'] }, toOne: { actor: { to: 'Actor', key: 'actorId' }, event: { to: 'Event', key: 'eventId' } } },
  Actor: {
    table: 'Actor',
    scalars: { id: ['gid', 'id'], name: ['string', 'name'], kind: ['enum', 'kind'], countryCode: ['string', 'countryCode'], title: ['string', 'title'], createdAt: ['datetime', 'createdAt'] },
    toOne: { parent: { to: 'Actor', key: 'parentId' } },
    connections: {
      statements: { to: 'Statement', foreignKey: 'speakerId', order: 'desc' },
      participations: { to: 'EventParticipant', foreignKey: 'actorId', order: 'desc' },
      mentions: { to: 'ActorMention', foreignKey: 'actorId', order: 'asc' },
    },
  },
  ActorMention: { table: 'ActorMention', scalars: {}, toOne: { actor: { to: 'Actor', key: 'actorId' }, article: { to: 'Article', key: 'articleId' } } },
  Statement: {
    table: 'Statement',
    scalars: { id: ['gid', 'id'], quote: ['string', 'quote'], kind: ['enum', 'kind'], cue: ['string', 'cue'], createdAt: ['datetime', 'createdAt'] },
    toOne: { speaker: { to: 'Actor', key: 'speakerId' }, article: { to: 'Article', key: 'articleId' }, event: { to: 'Event', key: 'eventId' } },
  },
  EventReport: { table: 'EventReport', scalars: {}, toOne: { event: { to: 'Event', key: 'eventId' }, article: { to: 'Article', key: 'articleId' }, statement: { to: 'Statement', key: 'statementId' } } },
  Article: {
    table: 'Article',
    scalars: {
      id: ['gid', 'id'], url: ['string', 'url'], title: ['string', 'title'], publishedAt: ['date', 'publishedAt'], dateline: ['string', 'dateline'],
      language: ['string', 'language'], contentHash: ['string', 'contentHash'], extractorVersion: ['string', 'extractorVersion'], ingestedAt: ['datetime', 'ingestedAt'],
    },
    toOne: { source: { to: 'Source', key: 'sourceId' } },
  },
  Place: { table: 'Place', scalars: { id: ['gid', 'id'], name: ['string', 'name'], kind: ['enum', 'kind'], countryCode: ['string', 'countryCode'] } },
  Source: { table: 'Source', scalars: { id: ['gid', 'id'], name: ['string', 'name'], domain: ['string', 'domain'] } },
};

/** Root connections: the table and its default ordering (the API's resolvers' defaults). */
const ROOTS: Record<string, { type: string; orders: Record<string, { column: string; dated: boolean }>; defaultField: string; defaultDirection: 'ASC' | 'DESC' }> = {
  events: { type: 'Event', orders: { DATE: { column: 'date', dated: true }, CREATED_AT: { column: 'id', dated: false } }, defaultField: 'DATE', defaultDirection: 'DESC' },
  actors: { type: 'Actor', orders: { NAME: { column: 'name', dated: false }, CREATED_AT: { column: 'id', dated: false } }, defaultField: 'NAME', defaultDirection: 'ASC' },
  statements: { type: 'Statement', orders: { CREATED_AT: { column: 'id', dated: false } }, defaultField: 'CREATED_AT', defaultDirection: 'DESC' },
  articles: { type: 'Article', orders: { PUBLISHED_AT: { column: 'publishedAt', dated: true }, INGESTED_AT: { column: 'id', dated: false } }, defaultField: 'PUBLISHED_AT', defaultDirection: 'DESC' },
};


class Unsupported extends Error {}

/**
 * GraphQL merges fields selected twice under one response key (`actor { name } actor { id }`); a JSON
 * object built from both would hold the key twice, so such a selection is left to Pothos.
 */
function distinctKeys(pairs: [string, string][]): [string, string][] {
  if (new Set(pairs.map(([k]) => k)).size !== pairs.length) throw new Unsupported('a response key selected twice');
  return pairs;
}

interface Dialect {
  object(pairs: [string, string][]): string;
  /** Wraps a scalar subquery returning JSON (or NULL) so it nests as JSON. */
  nested(subquery: string): string;
  /** JSON array of `valueExpr` over rows of `from`, in order; [] when there are none. */
  array(valueExpr: string, from: string, orderBy: string): string;
  ident(name: string): string;
  scalar(kind: Scalar, column: string, type: string): string;
  datedOrder(column: string, direction: 'ASC' | 'DESC'): string;
}

const sqlite: Dialect = {
  object: (pairs) => `json_object(${distinctKeys(pairs).map(([k, v]) => `'${k}', ${v}`).join(', ')})`,
  nested: (subquery) => `json((${subquery}))`,
  array: (value, from, orderBy) => `(SELECT coalesce(json_group_array(json(v)), '[]') FROM (SELECT ${value} AS v FROM ${from} ORDER BY ${orderBy}))`,
  ident: (name) => `"${name}"`,
  scalar(kind, column, type) {
    // global_id is registered on the connection (server/storage/db.ts): SQLite has no base64.
    if (kind === 'gid') return `global_id('${type}', ${column})`;
    if (kind === 'date') return `substr(${column}, 1, 10)`;
    if (kind === 'datetime') return `replace(${column}, '+00:00', 'Z')`;
    return column;
  },
  datedOrder: (column, direction) => `${column} ${direction}`,
};

const postgres: Dialect = {
  object: (pairs) => `json_build_object(${distinctKeys(pairs).map(([k, v]) => `'${k}', ${v}`).join(', ')})`,
  nested: (subquery) => `(${subquery})`,
  array: (value, from, orderBy) => `(SELECT coalesce(json_agg(v ORDER BY ord), '[]'::json) FROM (SELECT ${value} AS v, row_number() OVER (ORDER BY ${orderBy}) AS ord FROM ${from}) rows)`,
  ident: (name) => `"${name}"`,
  scalar(kind, column, type) {
    // Relay's global id; ids are short, so base64 never breaks the line (it would after 76 characters).
    if (kind === 'gid') return `encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64')`;
    if (kind === 'date') return `to_char(${column}, 'YYYY-MM-DD')`;
    if (kind === 'datetime') return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    if (kind === 'enum') return `${column}::text`;
    return column;
  },
  datedOrder: (column, direction) => `${column} ${direction} NULLS ${direction === 'ASC' ? 'FIRST' : 'LAST'}`,
};

interface Context {
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  dialect: Dialect;
  params: unknown[];
  aliasCount: number;
}

function value(node: ValueNode | undefined, ctx: Context): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.VARIABLE:
      return ctx.variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, value(f.value, ctx)]));
    default:
      throw new Unsupported(`argument of kind ${node.kind}`);
  }
}

function args(field: FieldNode, ctx: Context): Record<string, unknown> {
  return Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, value(a.value, ctx)]));
}

/** The fields selected on `typeName`, fragments flattened; other type conditions are dropped. */
function fieldsOf(selectionSet: SelectionSetNode, typeName: string, ctx: Context, out: FieldNode[] = []): FieldNode[] {
  for (const s of selectionSet.selections) {
    if (s.directives?.length) throw new Unsupported('directives');
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) {
      const on = s.typeCondition?.name.value;
      if (!on || on === typeName || on === 'Node') fieldsOf(s.selectionSet, typeName, ctx, out);
    } else {
      const fragment = ctx.fragments[s.name.value];
      const on = fragment.typeCondition.name.value;
      if (on === typeName || on === 'Node') fieldsOf(fragment.selectionSet, typeName, ctx, out);
    }
  }
  return out;
}

/** Fields of a connection or edge, where fragments (on generated type names) are not worth compiling. */
function plainFields(selectionSet: SelectionSetNode): FieldNode[] {
  return selectionSet.selections.map((s) => {
    if (s.kind !== Kind.FIELD || s.directives?.length) throw new Unsupported('fragments in a connection');
    return s;
  });
}

function pageSize(a: Record<string, unknown>): number {
  if (a.after != null || a.before != null || a.last != null) throw new Unsupported('cursors');
  const first = a.first == null ? DEFAULT_PAGE_SIZE : Number(a.first);
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw new Unsupported('page size');
  return first;
}

/** The JSON of one row of `typeName`, read from the table alias `t`. */
function objectExpr(typeName: string, t: string, selectionSet: SelectionSetNode, ctx: Context): string {
  const spec = TYPES[typeName];
  if (!spec) throw new Unsupported(`type ${typeName}`);
  const d = ctx.dialect;
  const pairs: [string, string][] = [];
  for (const field of fieldsOf(selectionSet, typeName, ctx)) {
    const key = field.alias?.value ?? field.name.value;
    const name = field.name.value;
    if (name === '__typename') {
      pairs.push([key, `'${typeName}'`]);
      continue;
    }
    if (field.arguments?.length && !spec.connections?.[name]) throw new Unsupported(`arguments on ${typeName}.${name}`);
    const scalar = spec.scalars[name];
    if (scalar) {
      pairs.push([key, d.scalar(scalar[0], `${t}.${d.ident(scalar[1])}`, typeName)]);
      continue;
    }
    const one = spec.toOne?.[name];
    if (one && field.selectionSet) {
      const u = `t${ctx.aliasCount++}`;
      pairs.push([key, d.nested(`SELECT ${objectExpr(one.to, u, field.selectionSet, ctx)} FROM ${d.ident(TYPES[one.to].table)} ${u} WHERE ${u}.id = ${t}.${d.ident(one.key)}`)]);
      continue;
    }
    const many = spec.connections?.[name];
    if (many && field.selectionSet) {
      const a = args(field, ctx);
      if (Object.keys(a).some((k) => k !== 'first')) throw new Unsupported(`arguments of ${typeName}.${name}`);
      const table = d.ident(TYPES[many.to].table);
      const where = `${d.ident(many.foreignKey)} = ${t}.id`;
      pairs.push([key, connectionExpr(many.to, field.selectionSet, ctx, {
        from: (u) => `(SELECT * FROM ${table} WHERE ${where} ORDER BY id ${many.order.toUpperCase()} LIMIT ${pageSize(a)}) ${u}`,
        order: (u) => `${u}.id ${many.order.toUpperCase()}`,
        count: `(SELECT count(*) FROM ${table} WHERE ${where})`,
      })]);
      continue;
    }
    throw new Unsupported(`field ${typeName}.${name}`);
  }
  return d.object(pairs);
}

function connectionExpr(
  typeName: string,
  selectionSet: SelectionSetNode,
  ctx: Context,
  rows: { from: (alias: string) => string; order: (alias: string) => string; count: string },
): string {
  const d = ctx.dialect;
  const pairs: [string, string][] = [];
  for (const field of plainFields(selectionSet)) {
    const key = field.alias?.value ?? field.name.value;
    if (field.name.value === 'totalCount') pairs.push([key, rows.count]);
    else if (field.name.value === 'edges' && field.selectionSet) {
      const u = `t${ctx.aliasCount++}`;
      const edge: [string, string][] = [];
      for (const e of plainFields(field.selectionSet)) {
        if (e.name.value !== 'node' || !e.selectionSet) throw new Unsupported(`edge field ${e.name.value}`);
        edge.push([e.alias?.value ?? 'node', objectExpr(typeName, u, e.selectionSet, ctx)]);
      }
      pairs.push([key, d.array(d.object(edge), rows.from(u), rows.order(u))]);
    } else throw new Unsupported(`connection field ${field.name.value}`);
  }
  return d.object(pairs);
}

function rootExpr(field: FieldNode, ctx: Context): string {
  const d = ctx.dialect;
  const name = field.name.value;
  const a = args(field, ctx);
  if (name === 'node' && field.selectionSet) {
    const decoded = Buffer.from(String(a.id ?? ''), 'base64').toString();
    const m = /^([A-Za-z]+):(\d+)$/.exec(decoded);
    if (!m || !TYPES[m[1]] || !TYPES[m[1]].scalars.id) throw new Unsupported('node id');
    const [, typeName, id] = m;
    ctx.params.push(Number(id));
    const param = ctx.dialect === sqlite ? '?' : `$${ctx.params.length}`;
    // A merged actor's id resolves to the actor it was merged into.
    const target = typeName === 'Actor' ? `coalesce((SELECT ${d.ident('actorId')} FROM ${d.ident('ActorRedirect')} WHERE ${d.ident('fromId')} = ${param}), ${param})` : param;
    if (typeName === 'Actor' && ctx.dialect === sqlite) ctx.params.push(Number(id));
    return d.nested(`SELECT ${objectExpr(typeName, 'n', field.selectionSet, ctx)} FROM ${d.ident(TYPES[typeName].table)} n WHERE n.id = ${target}`);
  }
  const root = ROOTS[name];
  if (!root || !field.selectionSet) throw new Unsupported(`root field ${name}`);
  if (Object.keys(a).some((k) => !['first', 'orderBy', 'after', 'before', 'last'].includes(k))) throw new Unsupported('filters');
  const first = pageSize(a);
  const order = (a.orderBy ?? {}) as { field?: string; direction?: string };
  const by = Object.hasOwn(root.orders, order.field ?? root.defaultField) ? root.orders[order.field ?? root.defaultField] : undefined;
  if (!by) throw new Unsupported('ordering');
  if (order.direction != null && order.direction !== 'ASC' && order.direction !== 'DESC') throw new Unsupported('direction');
  // Every ordering input's direction defaults to its root's default direction.
  const direction = (order.direction ?? root.defaultDirection) as 'ASC' | 'DESC';
  const orderBy = (u: string) => {
    const column = `${u}.${d.ident(by.column)}`;
    return by.column === 'id' ? `${u}.id ${direction}` : `${by.dated ? d.datedOrder(column, direction) : `${column} ${direction}`}, ${u}.id ${direction}`;
  };
  const table = d.ident(TYPES[root.type].table);
  return connectionExpr(root.type, field.selectionSet, ctx, {
    from: (u) => `(SELECT * FROM ${table} ${u} ORDER BY ${orderBy(u)} LIMIT ${first}) ${u}`,
    order: orderBy,
    count: `(SELECT count(*) FROM ${table})`,
  });
}

export interface CompiledOperation {
  sql: string;
  params: unknown[];
}

/** One SQL statement for the whole operation, or null when any part of it needs Pothos. */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  provider: Provider,
): CompiledOperation | null {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return null;
  // The variables as execution would see them: checked against their declared types, with defaults.
  // Raw request JSON never reaches the SQL: a bad variable leaves the operation to Pothos, which rejects it.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  const withDefaults = coerced.coerced;
  const ctx: Context = {
    fragments: Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f])),
    variables: withDefaults,
    dialect: provider === 'sqlite' ? sqlite : postgres,
    params: [],
    aliasCount: 0,
  };
  try {
    const query = schema.getQueryType() as GraphQLObjectType;
    const pairs: [string, string][] = [];
    for (const field of fieldsOf(operation.selectionSet, query.name, ctx)) {
      if (field.name.value === '__typename' || !query.getFields()[field.name.value]) throw new Unsupported('root');
      const type = getNamedType(query.getFields()[field.name.value].type);
      if (!isObjectType(type) && field.name.value !== 'node') throw new Unsupported('root type');
      pairs.push([field.alias?.value ?? field.name.value, rootExpr(field, ctx)]);
    }
    const data = ctx.dialect.object(pairs);
    return { sql: `SELECT ${provider === 'sqlite' ? data : `(${data})::text`} AS data`, params: ctx.params };
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}
