import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.js';
import { NotFoundError, ValidationError } from './errors.js';

/** What a key may do. `admin` includes `write`, which includes `read`. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The scopes a key holds, with the ones its scopes include. */
export function grantedScopes(scopes: readonly Scope[]): Set<Scope> {
  const granted = new Set<Scope>(scopes);
  if (granted.has('admin')) granted.add('write');
  if (granted.has('write')) granted.add('read');
  return granted;
}

export function parseScopes(text: string, field = 'scopes'): Scope[] {
  const scopes = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length) {
    throw new ValidationError([{ field, problem: `must be a comma-separated list of ${SCOPES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}` }]);
  }
  return [...new Set(scopes)] as Scope[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const KEY_PATTERN = /^ng_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function info(row: { id: number; name: string; prefix: string; scopes: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeyInfo {
  return { ...row, scopes: row.scopes.split(',') as Scope[] };
}

/**
 * A new key. The secret is 256 random bits, so its SHA-256 is enough to store (a slow password
 * hash protects guessable secrets; this one cannot be guessed). The whole key is returned only here.
 */
export async function createApiKey(db: Db, name: string, scopes: Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!name.trim()) throw new ValidationError([{ field: 'name', problem: 'must not be empty' }]);
  const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const row = await db.apiKey.create({ data: { prefix, secretHash: sha256(secret), name: name.trim(), scopes: scopes.join(',') } });
  return { key: `ng_${prefix}_${secret}`, info: info(row) };
}

export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return (await db.apiKey.findMany({ orderBy: { id: 'asc' } })).map(info);
}

/** Revokes by id or prefix; revoking twice is not an error. */
export async function revokeApiKey(db: Db, idOrPrefix: string): Promise<ApiKeyInfo> {
  const where = /^\d+$/.test(idOrPrefix) ? { id: Number(idOrPrefix) } : { prefix: idOrPrefix };
  const row = await db.apiKey.findUnique({ where });
  if (!row) throw new NotFoundError('ApiKey', idOrPrefix);
  return info(row.revokedAt ? row : await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
}

/** Deletes the keys of that name: a development or benchmark key of an earlier start, so that they do not pile up in `keys list`. */
export async function deleteApiKeysNamed(db: Db, name: string): Promise<number> {
  return (await db.apiKey.deleteMany({ where: { name } })).count;
}

/**
 * Development keys are named after the server process that made them: `development (printed at
 * start) pid 1234 on hostname`. Keys of this name prefix are development keys, whatever follows.
 */
export const DEVELOPMENT_KEY_NAME = 'development (printed at start)';

export function developmentKeyName(pid: number, hostname: string): string {
  return `${DEVELOPMENT_KEY_NAME} pid ${pid} on ${hostname}`;
}

export function isDevelopmentKey(key: Pick<ApiKeyInfo, 'name'>): boolean {
  return key.name.startsWith(DEVELOPMENT_KEY_NAME);
}

/**
 * Deletes the development keys whose server process is gone: those this host made (`isRunning`
 * asks about the pid), and those of the old name that says no process. A key of another host's
 * process is left alone: that host cannot be asked, and the start there deletes it. A running
 * server keeps its key until it stops (it deletes its own on the way out); a pid reused by another
 * process keeps a dead server's key until that process ends too. Every start calls this, in any
 * mode, so a production start on the machine of a development server removes its stale key.
 */
export async function deleteStaleDevelopmentKeys(db: Db, hostname: string, isRunning: (pid: number) => boolean): Promise<number> {
  const keys = await db.apiKey.findMany({ where: { name: { startsWith: DEVELOPMENT_KEY_NAME } }, select: { id: true, name: true } });
  const stale = keys.filter(({ name }) => {
    const owner = / pid (\d+) on (.+)$/.exec(name.slice(DEVELOPMENT_KEY_NAME.length));
    if (!owner) return true;
    return owner[2] === hostname && !isRunning(Number(owner[1]));
  });
  if (stale.length === 0) return 0;
  return (await db.apiKey.deleteMany({ where: { id: { in: stale.map((k) => k.id) } } })).count;
}

/** Whether a token has the shape of a key (checked before any lookup). */
export function isWellFormedKey(token: string): boolean {
  return KEY_PATTERN.test(token);
}

/** The key's record when the key is well-formed, known and not revoked; null otherwise. */
export async function verifyApiKey(db: Db, key: string): Promise<ApiKeyInfo | null> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const row = await db.apiKey.findUnique({ where: { prefix: match[1] } });
  if (!row || row.revokedAt) return null;
  const [expected, actual] = [Buffer.from(row.secretHash, 'hex'), Buffer.from(sha256(match[2]), 'hex')];
  if (!timingSafeEqual(expected, actual)) return null;
  return info(row);
}

/** Records use at most once a minute per key, so that reads do not each cost a write. */
export async function touchApiKey(db: Db, key: ApiKeyInfo, now = new Date()): Promise<void> {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < 60_000) return;
  key.lastUsedAt = now;
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
}
