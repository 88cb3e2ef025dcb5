import { openDatabase, DEFAULT_DATABASE_URL } from './storage/db.js';
import { migrateDatabase } from './storage/migrate.js';
import { seedSampleIfEmpty } from './storage/sample.js';
import { createApp, listen } from './http.js';

const log = (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);

/** Migrates, seeds the sample into an empty database, and serves until SIGTERM or SIGINT. */
export async function serve(): Promise<void> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const port = Number(process.env.PORT ?? 4000);
  const host = process.env.HOST ?? '127.0.0.1';
  const { applied } = await migrateDatabase(url);
  if (applied.length) log({ level: 'info', msg: 'migrations applied', applied });
  const db = await openDatabase(url);
  if (process.env.SEED_SAMPLE !== 'false') {
    const seeded = await seedSampleIfEmpty(db.prisma);
    if (seeded) log({ level: 'info', msg: 'sample article loaded', ...seeded });
  }
  const server = await listen(createApp({ db }), port, host);
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  log({ level: 'info', msg: `newsgraph listening: GraphiQL at http://${shownHost}:${actualPort}/graphql`, port: actualPort, database: db.provider });
  // Stop accepting, let the requests under way finish (up to SHUTDOWN_GRACE_MS), then close the database.
  const grace = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
  const stop = (signal: string) => {
    log({ level: 'info', msg: 'shutting down', signal });
    server.close(() => {
      db.close().then(
        () => process.exit(0),
        (error) => {
          log({ level: 'error', msg: 'closing the database failed', error: String(error) });
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), grace).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
