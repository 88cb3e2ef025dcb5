import { spawn, type ChildProcess } from 'node:child_process';
import { createApiKey, type Scope } from '../server/storage/api-keys.js';
import { openDatabase } from '../server/storage/db.js';
import { migrateDatabase } from '../server/storage/migrate.js';

const ROOT = new URL('..', import.meta.url).pathname;

/** The real server process, as `npm start` runs it, on a port of its choosing. */
export interface Running {
  child: ChildProcess;
  port: number;
  lines: Record<string, any>[];
}

/** Starts the real server (`npm start`'s entry point) and waits for it to listen. */
export function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, any>[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${JSON.stringify(lines)}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = JSON.parse(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line.port) {
          clearTimeout(timer);
          resolve({ child, port: line.port, lines });
        }
      }
    });
    child.stderr!.on('data', (chunk) => lines.push({ stderr: String(chunk) }));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${JSON.stringify(lines)}`)));
  });
}

export function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    if (running.child.exitCode != null) return resolve(running.child.exitCode);
    running.child.removeAllListeners('exit');
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}


/** A new key in the database at `url` (migrated first), as `newsgraph keys create` makes one. */
export async function createKeyFor(url: string, scopes: Scope[] = ['admin']): Promise<string> {
  await migrateDatabase(url);
  const db = await openDatabase(url);
  try {
    return (await createApiKey(db.prisma, 'tests', scopes)).key;
  } finally {
    await db.close();
  }
}
