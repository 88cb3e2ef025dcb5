/** What the benchmark commands share: their flags, the loaded databases, core pinning and server start-up. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createApiKey, deleteApiKeysNamed } from '../server/storage/api-keys.js';
import { openDatabase } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';

export const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const pgBase = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The database `npm run bench:load -- --size SIZE` filled. */
export const urlOf = (db: string, size: string) => (db === 'sqlite' ? process.env.BENCH_SQLITE_URL ?? `file:./data/bench-${size}.db` : `${pgBase}/bench_${size}`);

function whichTaskset(): string | null {
  try {
    return execFileSync('which', ['taskset']).toString().trim() || null;
  } catch {
    return null;
  }
}
/** Servers on core 0, the load generator (this process) on core 1, where the machine has two. */
export const twoCores = availableParallelism() >= 2 && !!whichTaskset();
export function pinThisProcess(): void {
  if (twoCores) execFileSync('taskset', ['-cp', '1', String(process.pid)]);
}

/** Starts a server that prints its JSON start-up line with `"port"`, and resolves with that port. */
export function start(command: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const [file, ...args] = twoCores ? ['taskset', '-c', '0', ...command] : command;
  // stderr is passed through, and readable by the caller as well (bench/gc.ts reads the inspector's URL there).
  const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (chunk) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      const port = /"port":(\d+)/.exec(buffer)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}: ${buffer}`)));
  });
}

/**
 * The real server as deployed (production settings, default limits), except that the per-address
 * rate limit is lifted: every benchmark request comes from 127.0.0.1, and 429s would be measured
 * instead of the API. No access log line per request.
 */
export const startApi = (url: string, env: Record<string, string> = {}) =>
  start([process.execPath, 'bin/newsgraph.js', 'serve'], { DATABASE_URL: url, PORT: '0', SEED_SAMPLE: 'false', NODE_ENV: 'production', LOG_REQUESTS: 'false', RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_KEY: '100000000', ...env });

/** A key with the write scope in the benchmark database, for the ingest scenario. */
export async function benchKey(url: string): Promise<string> {
  // Databases loaded by an older version lack the newer tables (the server would migrate them too).
  await migrateDatabase(url);
  const db = await openDatabase(url);
  try {
    await deleteApiKeysNamed(db.prisma, 'benchmark');
    return (await createApiKey(db.prisma, 'benchmark', ['write'])).key;
  } finally {
    await db.close();
  }
}

export const gqlRequest = (query: string, variables?: Record<string, unknown>, key?: string) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  body: JSON.stringify({ query, variables }),
});
