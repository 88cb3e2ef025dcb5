/** The benchmark's GraphQL requests. The baseline answers each with one hand-written SQL statement. */

export const NESTED = /* GraphQL */ `query Nested { events(first: 50, orderBy: { field: DATE, direction: DESC }) { edges { node { id type date participants(first: 10) { edges { node { role actor { id name statements(first: 5) { edges { node { id quote article { title } } } } } } } } } } } }`;

export const SEARCH = (query: string) =>
  /* GraphQL */ `query Search { search(query: ${JSON.stringify(query)}, targets: [STATEMENT], first: 20) { totalCount edges { score node { ... on Statement { id quote } } } } }`;

export const NODE = (id: string) => /* GraphQL */ `query Node { node(id: ${JSON.stringify(id)}) { id ... on Actor { name kind countryCode } } }`;

export const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');

/**
 * The same requests in PostGraphile 5's schema (Amber preset): the same rows in the same order,
 * with the same fields. Events are ordered by `DATE_NULLS_LAST_DESC`, which bench/postgraphile-server.ts
 * adds, then by primary key, as our API orders them. Its global ids are base64 of `["Type",id]`.
 * Full-text search has no counterpart: PostGraphile exposes no ranked search over the tsvector column
 * without a plugin or a SQL function added to the database.
 */
export const PG_NESTED = /* GraphQL */ `query Nested { allEvents(first: 50, orderBy: [DATE_NULLS_LAST_DESC, PRIMARY_KEY_DESC]) { edges { node { id type date eventParticipantsByEventId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { role actorByActorId { id name statementsBySpeakerId(first: 5, orderBy: PRIMARY_KEY_DESC) { edges { node { id quote articleByArticleId { title } } } } } } } } } } } }`;

export const PG_NODE = (id: string) => /* GraphQL */ `query Node { node(id: ${JSON.stringify(id)}) { id ... on Actor { name kind countryCode } } }`;

export const pgGlobalId = (type: string, id: number) => Buffer.from(JSON.stringify([type, id])).toString('base64');

/** The framework's floor (bench/floor-server.ts). */
export const FLOOR = /* GraphQL */ `query Floor { hello }`;

/** `Type:id` from either kind of global id: ours (base64 of `Type:id`) or PostGraphile's (base64 of `["Type",id]`). */
export function tableId(globalIdText: string): string {
  const text = Buffer.from(globalIdText, 'base64').toString();
  if (text.startsWith('[')) {
    const [type, id] = JSON.parse(text) as [string, number];
    return `${type}:${id}`;
  }
  return text;
}

type Json = any;
const edges = (connection: Json): Json[] => (connection?.edges ?? []).map((e: Json) => e.node);
const day = (date: string | null) => (date == null ? null : String(date).slice(0, 10));

/**
 * The rows of a nested answer, from our schema or PostGraphile's, as comparable values: table ids
 * instead of global ids, dates to the day (ours is a day, theirs a timestamp).
 */
export function nestedRows(body: string): Json {
  const data = JSON.parse(body).data;
  const events = edges(data.events ?? data.allEvents);
  return events.map((e: Json) => ({
    id: tableId(e.id),
    type: e.type,
    date: day(e.date),
    participants: edges(e.participants ?? e.eventParticipantsByEventId).map((p: Json) => {
      const actor = p.actor ?? p.actorByActorId;
      return {
        role: p.role,
        actor: {
          id: tableId(actor.id),
          name: actor.name,
          statements: edges(actor.statements ?? actor.statementsBySpeakerId).map((s: Json) => ({ id: tableId(s.id), quote: s.quote, title: (s.article ?? s.articleByArticleId)?.title })),
        },
      };
    }),
  }));
}

export function nodeRow(body: string): Json {
  const node = JSON.parse(body).data?.node;
  return node && { ...node, id: tableId(node.id) };
}
