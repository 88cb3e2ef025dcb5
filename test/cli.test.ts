import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';

const exec = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const SAMPLE = join(ROOT, 'prisma', 'sample', '2021-11-17-baku-border-clashes.txt');

async function newsgraph(args: string[], env: Record<string, string> = {}, stdin?: string) {
  if (stdin != null) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/newsgraph.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/newsgraph.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 10_000_000 });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code ?? 1, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}

describe('newsgraph extract', () => {
  it('prints one JSON object per file, in the shape others score, with spans into the file', async () => {
    const { code, stdout } = await newsgraph(['extract', '--json', SAMPLE, SAMPLE]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const out = JSON.parse(lines[0]);
    expect(Object.keys(out)).toEqual(['file', 'extractorVersion', 'publishedAt', 'dateline', 'actors', 'statements', 'events']);
    expect(out).toMatchObject({ file: SAMPLE, publishedAt: '2021-11-17', dateline: 'Baku' });
    expect(Object.keys(out.actors[0])).toEqual(['name', 'kind', 'countryCode', 'mentions']);
    expect(Object.keys(out.statements[0])).toEqual(['quote', 'kind', 'cue', 'speaker', 'start', 'end']);
    expect(Object.keys(out.events[0])).toEqual(['type', 'summary', 'date', 'datePrecision', 'place', 'status', 'fatalities', 'injuries', 'participants', 'start', 'end']);
    const text = (await import('node:fs')).readFileSync(SAMPLE, 'utf8');
    for (const s of out.statements) expect(text.slice(s.start, s.end)).toBe(s.quote);
    for (const a of out.actors) for (const m of a.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('reads text with no header and no dateline, and reports a file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsgraph-extract-'));
    writeFileSync(join(dir, 'plain.txt'), 'Russia’s foreign ministry said on Monday that “the talks will continue next week.”');
    const { code, stdout, stderr } = await newsgraph(['extract', '--json', join(dir, 'plain.txt'), join(dir, 'missing.txt')]);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    const out = JSON.parse(stdout.trim());
    expect(out).toMatchObject({ publishedAt: null, dateline: null });
    expect(out.statements[0]).toMatchObject({ kind: 'DIRECT', speaker: 'Ministry of Foreign Affairs of Russia', quote: 'the talks will continue next week.' });
    expect(stderr).toMatch(/missing.txt: cannot read: ENOENT/);
  });

  it('reads .json and .ndjson articles, dating "on Tuesday" by their publishedAt, and refuses a malformed date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsgraph-extract-'));
    const body = 'Azerbaijani forces shelled Armenian positions near Lachin on Tuesday, killing two soldiers, Armenia’s defence ministry said.';
    writeFileSync(join(dir, 'one.json'), JSON.stringify({ text: body, publishedAt: '2024-06-27', title: 'Protest' }));
    writeFileSync(join(dir, 'many.ndjson'), [JSON.stringify({ text: body, publishedAt: '2024-06-20' }), JSON.stringify({ text: body, publishedAt: '27 June' }), '{"text": 5}', JSON.stringify({ text: body, publishedAt: '2024-02-31' })].join('\n'));
    const { code, stdout, stderr } = await newsgraph(['extract', '--json', join(dir, 'one.json'), join(dir, 'many.ndjson')]);
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    const outs = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(outs.map((o) => [o.publishedAt, o.events[0]?.date])).toEqual([['2024-06-27', '2024-06-25'], ['2024-06-20', '2024-06-18']]);
    expect(outs[1].file).toMatch(/many.ndjson:1$/);
    expect(stderr).toMatch(/many.ndjson:2: publishedAt must be YYYY-MM-DD/);
    expect(stderr).toMatch(/many.ndjson:3: has no "text" string/);
    expect(stderr).toMatch(/many.ndjson:4: publishedAt must be YYYY-MM-DD, not "2024-02-31"/);
  });

  it('answers --help for every command with that command\'s usage, and refuses an unknown option or value', async () => {
    for (const command of ['extract', 'ingest', 'reextract', 'keys', 'serve']) {
      const { code, stdout } = await newsgraph([command, '--help']);
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(new RegExp(`^usage:\\n  newsgraph ${command}\\b`));
    }
    const bad = await newsgraph(['extract', '--attribution', 'guess', SAMPLE]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--attribution takes model or rules/);
    const unknown = await newsgraph(['extract', '--frob', SAMPLE]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/extract: Unknown option '--frob'/);
  });

  it('answers a usage error with the usage', async () => {
    const { code, stderr } = await newsgraph(['frobnicate']);
    expect(code).toBe(64);
    expect(stderr).toMatch(/unknown command "frobnicate"[\s\S]*newsgraph extract \[--json\] \[--attribution model\|rules\] FILE/);
  });
});

describe('newsgraph ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-ingest-'));
  const env = { DATABASE_URL: `file:${join(dir, 'db', 'ng.db')}` };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(dir, 'in');
  mkdirSync(join(input, 'nested'), { recursive: true });
  copyFileSync(SAMPLE, join(input, 'sample.txt'));
  writeFileSync(join(input, 'nested', 'batch.ndjson'), [
    JSON.stringify({ text: 'Kyiv: Ukraine’s defence ministry said Russian forces attacked Kharkiv overnight, killing three people.', url: 'https://example.org/a', publishedAt: '2024-02-07', source: 'Wire' }),
    JSON.stringify({ url: 'https://example.org/no-text' }),
    '{not json',
  ].join('\n'));
  writeFileSync(join(input, 'nested', 'binary.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x20]));
  writeFileSync(join(input, 'ignored.md'), '# not an article');

  const count = () => {
    const db = new Database(join(dir, 'db', 'ng.db'), { readonly: true });
    try {
      return db.prepare('SELECT (SELECT count(*) FROM Article) AS articles, (SELECT count(*) FROM Article a WHERE NOT EXISTS (SELECT 1 FROM ActorMention m WHERE m.articleId = a.id)) AS bare').get();
    } finally {
      db.close();
    }
  };

  it('ingests a folder recursively, skips and reports what it cannot use, and sums up', async () => {
    const { code, stdout, stderr } = await newsgraph(['ingest', input], env);
    expect(stdout).toMatch(/^ingested 2, already present 0, failed 3$/m);
    expect(stdout).toMatch(/failed: .*batch.ndjson:2: has no "text" string/);
    expect(stdout).toMatch(/failed: .*batch.ndjson:3: invalid JSON/);
    expect(stdout).toMatch(/failed: .*binary.txt: not UTF-8 text/);
    expect(stderr).toMatch(/articles, [\d.]+\/s/); // plain progress lines when not on a terminal
    expect(code).toBe(2);
    expect(count()).toEqual({ articles: 2, bare: 0 });
  });

  it('is idempotent: a second run ingests nothing new', async () => {
    const { stdout } = await newsgraph(['ingest', input], env);
    expect(stdout).toMatch(/^ingested 0, already present 2, failed 3$/m);
    expect(count()).toEqual({ articles: 2, bare: 0 });
  });

  it('reads standard input with -', async () => {
    const { code, stdout } = await newsgraph(['ingest', '-'], env, 'Moscow: Russia’s foreign ministry said on Monday that the talks would resume next week.');
    expect(stdout).toMatch(/^ingested 1, already present 0, failed 0$/m);
    expect(code).toBe(0);
  });
});

describe('newsgraph keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-keys-'));
  const env = { DATABASE_URL: `file:${join(dir, 'ng.db')}` };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const created = await newsgraph(['keys', 'create', 'ingest', 'bot', '--scopes', 'write'], env);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ng_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/^created key 1 \([a-z0-9]{12}\) "ingest bot" with scopes write; it is shown only now:$/m);
    const listed = await newsgraph(['keys', 'list'], env);
    expect(listed.stdout).toMatch(/^\s+1 {2}[a-z0-9]{12} {2}write\s+active {2}last used never {2}ingest bot$/m);
    expect(listed.stdout).not.toContain(key.slice('ng_'.length + 12 + 1));
    const revoked = await newsgraph(['keys', 'revoke', key.split('_')[1]], env);
    expect(revoked.stdout).toMatch(/^revoked key 1 /m);
    expect((await newsgraph(['keys', 'list'], env)).stdout).toMatch(/revoked \d{4}-/);
  });

  it('refuses unknown scopes, a missing name and an unknown key with a message', async () => {
    const scopes = await newsgraph(['keys', 'create', 'x', '--scopes', 'read,root'], env);
    expect(scopes.code).toBe(1);
    expect(scopes.stderr).toMatch(/--scopes: must be a comma-separated list of read, write, admin; unknown: root/);
    expect((await newsgraph(['keys', 'create'], env)).stderr).toMatch(/give the key a NAME/);
    expect((await newsgraph(['keys', 'revoke', '999'], env)).stderr).toMatch(/ApiKey 999 not found/);
  });
});
