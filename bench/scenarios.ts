/** The benchmark's GraphQL requests. The baseline answers each with one hand-written SQL statement. */

export const NESTED = /* GraphQL */ `query Nested { events(first: 50, orderBy: { field: DATE, direction: DESC }) { edges { node { id type date participants(first: 10) { edges { node { role actor { id name statements(first: 5) { edges { node { id quote article { title } } } } } } } } } } } }`;

export const SEARCH = (query: string) =>
  /* GraphQL */ `query Search { search(query: ${JSON.stringify(query)}, targets: [STATEMENT], first: 20) { totalCount edges { score node { ... on Statement { id quote } } } } }`;

export const NODE = (id: string) => /* GraphQL */ `query Node { node(id: ${JSON.stringify(id)}) { id ... on Actor { name kind countryCode } } }`;

export const globalId = (type: string, id: number | string) => Buffer.from(`${type}:${id}`).toString('base64');
