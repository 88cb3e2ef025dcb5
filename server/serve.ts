import { openDatabase, DEFAULT_DATABASE_URL } from './storage/db.js';
import { migrateDatabase } from './storage/migrate.js';
import { seedSampleIfEmpty } from './storage/sample.js';
import { hostname } from 'node:os';
import { format } from 'node:util';
import { createApiKey, deleteStaleDevelopmentKeys, developmentKeyName } from './storage/api-keys.js';
import { createApp, listen } from './http/app.js';
import { readServerSettings, readSettings } from './settings.js';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** One JSON object per line on standard output, at `lowest` or above. */
const logger = (lowest: keyof typeof LEVELS) => (entry: Record<string, unknown>) => {
  const level = LEVELS[(entry.level as keyof typeof LEVELS) ?? 'info'] ?? LEVELS.info;
  if (level >= LEVELS[lowest]) process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/**
 * Whatever else writes to the console (Yoga's HTTP layer on a failure of its own, a driver's
 * warning) writes a JSON line too, not a coloured multi-line dump: every line of the log is JSON.
 */
function consoleAsJson(log: ReturnType<typeof logger>): void {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const errors = args.filter((a): a is Error => a instanceof Error);
    log({ level, msg: format(...args.filter((a) => !(a instanceof Error))) || errors[0]?.message || '', source: 'console', ...(errors.length ? { error: errors.map((e) => ({ name: e.name, message: e.message, stack: e.stack })) } : {}) });
  };
  Object.assign(console, { debug: write('debug'), info: write('info'), log: write('info'), warn: write('warn'), error: write('error'), trace: write('debug') });
}

/**
 * Whether a process of this pid runs on this machine (EPERM: it does, as another user). Our own pid
 * is a previous process's that had it (a container's pid 1, restarted): this one has no key yet.
 */
export function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Migrates, seeds the sample into an empty database, and serves until SIGTERM or SIGINT. */
export async function serve(): Promise<void> {
  const settings = readSettings();
  const { host, port, seedSample, logLevel, logRequests, shutdownGraceMs } = readServerSettings();
  const log = logger(logLevel);
  consoleAsJson(log);
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const { applied } = await migrateDatabase(url);
  if (applied.length) log({ level: 'info', msg: 'migrations applied', applied });
  const db = await openDatabase(url, { statementTimeoutMs: settings.limits.requestTimeoutMs });
  if (seedSample) {
    const seeded = await seedSampleIfEmpty(db.prisma);
    if (seeded) log({ level: 'info', msg: 'sample article loaded', ...seeded });
  }
  // In any mode: a production start must not leave a development key of a stopped server valid.
  const deleted = await deleteStaleDevelopmentKeys(db.prisma, hostname(), isRunning);
  if (deleted) log({ level: 'info', msg: 'development keys of stopped servers deleted', deleted });
  // Named after this process, so that a second development server on the same database keeps
  // the first one's key (see deleteStaleDevelopmentKeys), and bound to it (Authenticator).
  let devKey: { key: string; id: number } | undefined;
  if (settings.development) {
    const created = await createApiKey(db.prisma, developmentKeyName(process.pid, hostname()), ['admin']);
    devKey = { key: created.key, id: created.info.id };
  }
  // LOG_REQUESTS=false keeps the one-line-per-request access log off (benchmarks, soak).
  const app = createApp({ db, settings, logError: log, logRequest: logRequests ? log : undefined, graphiqlKey: devKey?.key });
  const server = await listen(app, port, host, settings.limits);
  // Registered before the start-up line is written: whoever waits for that line may stop us at once.
  // Stop accepting, let the requests under way finish (up to SHUTDOWN_GRACE_MS), then close the database.
  const stop = (signal: string) => {
    log({ level: 'info', msg: 'shutting down', signal });
    server.close(() => {
      // A stopped development server's key is of no use to anyone: it goes with the server.
      const keyDeleted = devKey
        ? db.prisma.apiKey.deleteMany({ where: { id: devKey.id } }).then(() => undefined, (error) => log({ level: 'warn', msg: 'could not delete the development key', error: String(error) }))
        : Promise.resolve();
      keyDeleted.then(() => db.close()).then(
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
      msg: `development API key (admin; preset in GraphiQL opened at http://localhost:${actualPort}/graphql; only this server accepts it; deleted when it stops): ${devKey.key}`,
      apiKey: devKey.key,
      hint: 'only with NODE_ENV unset or development, a loopback HOST, no TRUST_PROXY and no CORS_ORIGINS; DEV_KEY=false turns it off; create lasting keys with: npx newsgraph keys create NAME --scopes read,write',
    });
  }
  log({ level: 'info', msg: `newsgraph listening: GraphiQL at http://${shownHost}:${actualPort}/graphql`, port: actualPort, database: db.provider });
}
