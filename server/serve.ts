import { openDatabase, DEFAULT_DATABASE_URL } from './storage/db.js';
import { migrateDatabase } from './storage/migrate.js';
import { seedSampleIfEmpty } from './storage/sample.js';
import { createApiKey, revokeApiKeysNamed } from './storage/api-keys.js';
import { createApp, listen } from './http/app.js';
import { readSettings } from './settings.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
const threshold = LEVELS[(process.env.LOG_LEVEL as keyof typeof LEVELS) ?? 'info'] ?? LEVELS.info;
/** One JSON object per line on standard output, at LOG_LEVEL or above. */
const log = (entry: Record<string, unknown>) => {
  const level = LEVELS[(entry.level as keyof typeof LEVELS) ?? 'info'] ?? LEVELS.info;
  if (level >= threshold) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/** The development key's name: each start revokes the previous one, so they do not pile up. */
const DEV_KEY_NAME = 'development (printed at start)';

/** Migrates, seeds the sample into an empty database, and serves until SIGTERM or SIGINT. */
export async function serve(): Promise<void> {
  const settings = readSettings();
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const port = Number(process.env.PORT ?? 4000);
  const host = process.env.HOST ?? '127.0.0.1';
  const { applied } = await migrateDatabase(url);
  if (applied.length) log({ level: 'info', msg: 'migrations applied', applied });
  const db = await openDatabase(url, { statementTimeoutMs: settings.limits.requestTimeoutMs });
  if (process.env.SEED_SAMPLE !== 'false') {
    const seeded = await seedSampleIfEmpty(db.prisma);
    if (seeded) log({ level: 'info', msg: 'sample article loaded', ...seeded });
  }
  let devKey: string | undefined;
  if (settings.development) {
    await revokeApiKeysNamed(db.prisma, DEV_KEY_NAME);
    devKey = (await createApiKey(db.prisma, DEV_KEY_NAME, ['admin'])).key;
  }
  // LOG_REQUESTS=false keeps the one-line-per-request access log off (benchmarks, soak).
  const logRequest = process.env.LOG_REQUESTS === 'false' ? undefined : log;
  const app = createApp({ db, settings, logError: log, logRequest, graphiqlKey: devKey });
  const server = await listen(app, port, host, settings.limits);
  // Registered before the start-up line is written: whoever waits for that line may stop us at once.
  // Stop accepting, let the requests under way finish (up to SHUTDOWN_GRACE_MS), then close the database.
  const grace = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
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
    setTimeout(() => server.closeAllConnections(), grace).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  if (devKey) {
    log({
      level: 'info',
      msg: `development API key (admin; preset in GraphiQL; revoked at the next start): ${devKey}`,
      apiKey: devKey,
      hint: 'NODE_ENV=production (or DEV_KEY=false) turns this off; create lasting keys with: npx newsgraph keys create NAME --scopes read,write',
    });
  }
  log({ level: 'info', msg: `newsgraph listening: GraphiQL at http://${shownHost}:${actualPort}/graphql`, port: actualPort, database: db.provider });
}
