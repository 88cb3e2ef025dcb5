import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { NewsgraphClient } from './client.js';

/** The shape every newsgraph connection has. */
export interface ConnectionPage<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: ReadonlyArray<{ node: Node }>;
}

/**
 * Every node of a connection, page after page: the document is run with `after` set to the previous
 * page's end cursor until there is no next page. `select` picks the connection out of the result.
 *
 *   for await (const event of paginate(client, EventsQuery, { filter }, (d) => d.events)) { ... }
 */
export async function* paginate<Result, Variables extends { after?: string | null; first?: number | null }, Node>(
  client: NewsgraphClient,
  document: TypedDocumentNode<Result, Variables>,
  variables: Omit<Variables, 'after'>,
  select: (data: Result) => ConnectionPage<Node> | null | undefined,
  options: { pageSize?: number; maxPages?: number } = {},
): AsyncGenerator<Node, void, undefined> {
  let after: string | null = null;
  for (let page = 0; page < (options.maxPages ?? Infinity); page++) {
    const vars = { first: options.pageSize ?? 100, ...variables, after } as unknown as Variables;
    const connection = select(await client.request(document, ...([vars] as never)));
    if (!connection) return;
    for (const edge of connection.edges) yield edge.node;
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) return;
    after = connection.pageInfo.endCursor;
  }
}
