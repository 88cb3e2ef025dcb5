/**
 * The framework's floor: a bare graphql-yoga server answering `{ hello }`, with Yoga's defaults.
 * Our API can never be faster than the server it is built on; this measures how much of a small
 * request's time is Yoga's own (issue 18).
 *
 *   PORT=0 tsx bench/floor-server.ts
 *   POST /graphql  { hello }
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';

const port = Number(process.env.PORT ?? 4103);
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }),
  // No GraphiQL page and no log line per request, as the API runs in the benchmark.
  graphiql: false,
  logging: false,
});
const server = createServer(yoga);
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'floor listening', port: (server.address() as { port: number }).port })));
