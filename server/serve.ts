import { openDatabase, DEFAULT_DATABASE_URL } from './storage/db.js';
import { migrateDatabase } from './storage/migrate.js';
import { seedSampleIfEmpty } from './storage/sample.js';
import { createApiKey, deleteApiKeysNamed } from './storage/api-keys.js';
import { createApp, listen } from './http/app.js';
import { readServerSettings, readSettings } from './settings.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** One JSON object per line on standard output, at `lowest` or above. */
const logger = (lowest: keyof typeof LEVELS) => (entry: Record<string, unknown>) => {
  const level = LEVELS[(entry.level as keyof typeof LEVELS) ?? 'info'] ?? LEVELS.info;
  if (level >= LEVELS[lowest]) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/** The development key's name: each start deletes the previous one. */
const DEV_KEY_NAME = 'development (printed at start)';

/** Migrates, seeds the sample into an empty database, and serves until SIGTERM or SIGINT. */
export async function serve(): Promise<void> {
  const settings = readSettings();
  const { host, port, seedSample, logLevel, logRequests, shutdownGraceMs } = readServerSettings();
  const log = logger(logLevel);
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const { applied } = await migrateDatabase(url);
  if (applied.length) log({ level: 'info', msg: 'migrations applied', applied });
  const db = await openDatabase(url, { statementTimeoutMs: settings.limits.requestTimeoutMs });
  if (seedSample) {
    const seeded = await seedSampleIfEmpty(db.prisma);
    if (seeded) log({ level: 'info', msg: 'sample article loaded', ...seeded });
  }
  let devKey: string | undefined;
  if (settings.development) {
    await deleteApiKeysNamed(db.prisma, DEV_KEY_NAME);
    devKey = (await createApiKey(db.prisma, DEV_KEY_NAME, ['admin'])).key;
  }
  // LOG_REQUESTS=false keeps the one-line-per-request access log off (benchmarks, soak).
  const app = createApp({ db, settings, logError: log, logRequest: logRequests ? log : undefined, graphiqlKey: devKey });
  const server = await listen(app, port, host, settings.limits);
  // Registered before the start-up line is written: whoever waits for that line may stop us at once.
  // Stop accepting, let the requests under way finish (up to SHUTDOWN_GRACE_MS), then close the database.
  const stop = (signal: string) => {
    log({ level: 'info', msg: 'shutting down', signal });
    server.close(() => {
      db.close().then(
        () => {
          log({ level: 'info', msg: 'stopped' });
          process.exit(0);
        },
        (error) => {
          log({ level: 'error', msg: 'closing the database failed', error: String(error) });
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), shutdownGraceMs).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  if (devKey) {
    log({
      level: 'info',
      msg: `development API key (admin; preset in GraphiQL; deleted at the next start): ${devKey}`,
      apiKey: devKey,
      hint: 'NODE_ENV=production (or DEV_KEY=false) turns this off; create lasting keys with: npx newsgraph keys create NAME --scopes read,write',
    });
  }
  log({ level: 'info', msg: `newsgraph listening: GraphiQL at http://${shownHost}:${actualPort}/graphql`, port: actualPort, database: db.provider });
}
