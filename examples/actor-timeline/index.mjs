#!/usr/bin/env node
// An app of its own that uses the built @newsgraph/client package: it prints the timeline of an
// actor, its events and what it said, newest first.
//
//   NEWSGRAPH_URL=http://localhost:4000/graphql node examples/actor-timeline/index.mjs "Armenia"
import { ActorTimelineQuery, ActorsQuery, NewsgraphError, createClient } from '@newsgraph/client';

const name = process.argv[2] ?? 'Armenia';
const client = createClient({ url: process.env.NEWSGRAPH_URL ?? 'http://localhost:4000/graphql', timeoutMs: 10_000 });

/** A date as precise as it is known: 2021-11-16, 2020-11 or 2020. */
function shownDate(date, precision) {
  if (!date) return 'undated';
  return precision === 'YEAR' ? date.slice(0, 4) : precision === 'MONTH' ? date.slice(0, 7) : date;
}

async function main() {
  const { actors } = await client.request(ActorsQuery, { filter: { search: name }, first: 10 });
  const actor = actors.edges.map((e) => e.node).find((a) => a.name.toLowerCase() === name.toLowerCase()) ?? actors.edges[0]?.node;
  if (!actor) {
    console.error(`No actor matches "${name}".`);
    return 1;
  }
  const { node } = await client.request(ActorTimelineQuery, { id: actor.id, first: 50 });
  if (node?.__typename !== 'Actor') throw new Error(`node ${actor.id} is not an actor`);

  // An actor may take part in one event in two roles (both sides accuse each other): one line each event.
  const events = new Map();
  for (const { node: p } of node.participations.edges) {
    const seen = events.get(p.event.id);
    if (seen) seen.roles.push(p.role);
    else events.set(p.event.id, { event: p.event, roles: [p.role] });
  }
  const items = [
    ...[...events.values()].map(({ event, roles }) => ({
      date: event.date ?? '',
      shown: shownDate(event.date, event.datePrecision),
      line: `${event.type.padEnd(8)} ${roles.sort().join('+').padEnd(13)} ${event.summary}`,
    })),
    ...node.statements.edges.map(({ node: s }) => ({
      date: s.article.publishedAt ?? '',
      shown: shownDate(s.article.publishedAt, 'DAY'),
      line: `${`SAID (${s.kind.toLowerCase()})`.padEnd(22)} “${s.quote}”`,
    })),
  ].sort((a, b) => b.date.localeCompare(a.date));

  const where = [actor.kind, actor.countryCode, actor.title, actor.parent && `part of ${actor.parent.name}`].filter(Boolean).join(', ');
  console.log(`${actor.name} (${where})`);
  console.log(`${events.size} events, ${node.statements.totalCount} statements`);
  for (const item of items) console.log(`  ${item.shown.padEnd(10)}  ${item.line}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof NewsgraphError) console.error(`newsgraph error (${error.kind}${error.codes.length ? `: ${error.codes.join(', ')}` : ''}): ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
