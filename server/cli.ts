/**
 * newsgraph extract [--json] [--attribution model|rules] FILE...   print what extraction finds, without a database
 * newsgraph ingest PATH... | -          extract and store files, folders or standard input
 * newsgraph reextract [--all]           re-extract articles stored by an older extractor
 * newsgraph keys create NAME [--scopes read,write,admin] | list | revoke ID|PREFIX
 * newsgraph serve                       start the server (what `npm start` runs)
 */
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ATTRIBUTION_MODES, extractArticle, extractionJson, EXTRACTOR_VERSION, type AttributionMode } from './extraction/index.js';
import { DEFAULT_DATABASE_URL, openDatabase } from './storage/db.js';
import { ValidationError, ConflictError } from './storage/errors.js';
import { createApiKey, DEVELOPMENT_KEY_NAME, listApiKeys, parseScopes, revokeApiKey } from './storage/api-keys.js';
import { parseIsoDate } from './storage/article-input.js';
import { ingestText, reextractArticles, type RawArticle } from './storage/extracted.js';
import { migrateDatabase } from './storage/migrate.js';
import { serve } from './serve.js';

/** Each command's usage, printed by `newsgraph COMMAND --help` and after a usage error. */
const COMMAND_USAGE: Record<string, string> = {
  extract: `newsgraph extract [--json] [--attribution model|rules] FILE...
      print the extraction of each article, without a database. A FILE is .txt (one article), or
      .json/.ndjson of {text, publishedAt?, title?, url?} (one article, an array, or one per line);
      publishedAt (YYYY-MM-DD) dates "on Tuesday" when the text has no date header.
      --json           one JSON object per article, spans into the text
      --attribution    model (default): statements and speakers by the learned tagger;
                       rules: by the hand-written rules it replaced (for comparison)`,
  ingest: `newsgraph ingest PATH... | -
      store files (.txt, or .json/.ndjson of {text, url?, title?, publishedAt?, source?}), folders
      (recursively) or standard input, into DATABASE_URL`,
  reextract: `newsgraph reextract [--all]
      re-extract stored articles of an older extractor version (--all: every one); corrected
      statements are kept`,
  keys: `newsgraph keys create NAME [--scopes S] | list | revoke ID|PREFIX
      create an API key (scopes: read, write, admin; default read,write; printed once, stored
      hashed), list keys (id, prefix, name, scopes, last use, revoked), or revoke one (servers stop
      accepting it within 10 s)`,
  serve: `newsgraph serve
      start the GraphQL server (PORT, HOST, DATABASE_URL and the settings in README.md)`,
};
const USAGE = `usage:\n${Object.values(COMMAND_USAGE).map((u) => `  ${u}`).join('\n')}\n  newsgraph COMMAND --help   one command's usage`;

class UsageError extends Error {}

/** One article to ingest, with where it came from for the report. */
interface Item {
  origin: string;
  article?: RawArticle;
  error?: string;
}

function fromJson(value: unknown, origin: string): Item {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { origin, error: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  if (typeof v.text !== 'string') return { origin, error: 'has no "text" string' };
  const source = typeof v.source === 'string' ? { name: v.source } : (v.source as RawArticle['source']) ?? null;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
  return { origin, article: { text: v.text, url: str('url'), title: str('title'), publishedAt: str('publishedAt'), source } };
}

function itemOfJsonLine(line: string, origin: string): Item {
  try {
    return fromJson(JSON.parse(line), origin);
  } catch (e) {
    return { origin, error: `invalid JSON: ${(e as Error).message}` };
  }
}

function itemsOfText(content: string, origin: string, kind: string): Item[] {
  if (kind === '.ndjson' || kind === '.jsonl') {
    return content.split('\n').flatMap((line, i) => (line.trim() ? [itemOfJsonLine(line, `${origin}:${i + 1}`)] : []));
  }
  if (kind === '.json') {
    try {
      const parsed = JSON.parse(content);
      return Array.isArray(parsed) ? parsed.map((v, i) => fromJson(v, `${origin}[${i}]`)) : [fromJson(parsed, origin)];
    } catch (e) {
      return [{ origin, error: `invalid JSON: ${(e as Error).message}` }];
    }
  }
  return [{ origin, article: { text: content } }];
}

const ARTICLE_FILE = /\.(txt|json|ndjson|jsonl)$/i;

/** Files below a path, recursively, in a stable order; each yielded before the next is looked at. */
function* filesOf(path: string): Generator<{ path: string; error?: string }> {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    yield { path, error: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    return;
  }
  if (!stat.isDirectory()) {
    yield { path };
    return;
  }
  for (const name of readdirSync(path).sort()) {
    const child = join(path, name);
    let isDir = false;
    try {
      isDir = statSync(child).isDirectory();
    } catch {
      // vanished meanwhile: reported when read
    }
    if (isDir || ARTICLE_FILE.test(name)) yield* filesOf(child);
  }
}

/**
 * The articles of one file. NDJSON is read line by line, so that a batch of any size is ingested
 * in bounded memory; a .txt is one article, a .json one article or an array of them.
 */
async function* itemsOfFile(path: string): AsyncGenerator<Item> {
  const kind = extname(path).toLowerCase();
  if (kind === '.ndjson' || kind === '.jsonl') {
    let n = 0;
    try {
      const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
      for await (const line of lines) {
        n += 1;
        if (line.trim()) yield itemOfJsonLine(line, `${path}:${n}`);
      }
    } catch (e) {
      yield { origin: path, error: `cannot read: ${(e as Error).message}` };
    }
    return;
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (e) {
    yield { origin: path, error: (e as Error).name === 'TypeError' ? 'not UTF-8 text' : `cannot read: ${(e as Error).message}` };
    return;
  }
  yield* itemsOfText(content, path, kind);
}

/** How many articles the paths hold, for the progress bar: NDJSON lines are counted, not parsed. */
async function countItems(paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    for (const file of filesOf(path)) {
      if (file.error) total += 1;
      else if (/\.(ndjson|jsonl)$/i.test(file.path)) {
        const lines = createInterface({ input: createReadStream(file.path, { encoding: 'utf8' }), crlfDelay: Infinity });
        try {
          for await (const line of lines) if (line.trim()) total += 1;
        } catch {
          total += 1;
        }
      } else if (/\.json$/i.test(file.path)) {
        try {
          const parsed = JSON.parse(readFileSync(file.path, 'utf8'));
          total += Array.isArray(parsed) ? parsed.length : 1;
        } catch {
          total += 1;
        }
      } else total += 1;
    }
  }
  return total;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A progress bar with the rate on a terminal; a plain line every few seconds otherwise. */
function progress(total: number | null) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (done: number, final = false) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    if (tty) {
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : 0;
      const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}` : `${done}`;
      process.stderr.write(`\r${bar}  ${rate.toFixed(1)} articles/s${final ? '\n' : ''}`);
    } else if (final || Date.now() - lastLine > 2000) {
      lastLine = Date.now();
      process.stderr.write(`${done}${total ? `/${total}` : ''} articles, ${rate.toFixed(1)}/s\n`);
    }
  };
}

async function ingest(paths: string[]): Promise<number> {
  if (paths.length === 0) throw new UsageError('ingest needs at least one PATH, or - for standard input');
  const stdin = paths.includes('-') ? await readStdin() : null;
  const stdinItems = stdin == null ? [] : itemsOfText(stdin, 'stdin', /^\s*[[{]/.test(stdin) ? (stdin.trim().includes('\n{') ? '.ndjson' : '.json') : '.txt');
  const files = paths.filter((p) => p !== '-');
  async function* items(): AsyncGenerator<Item> {
    yield* stdinItems;
    for (const path of files) {
      for (const file of filesOf(path)) {
        if (file.error) yield { origin: file.path, error: file.error };
        else yield* itemsOfFile(file.path);
      }
    }
  }
  const total = stdinItems.length + (await countItems(files));
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  const summary = { ingested: 0, present: 0, failed: [] as string[] };
  const show = progress(total);
  let interrupted = false;
  process.once('SIGINT', () => (interrupted = true));
  let done = 0;
  try {
    for await (const item of items()) {
      if (interrupted) break;
      if (item.error) summary.failed.push(`${relative(process.cwd(), item.origin) || item.origin}: ${item.error}`);
      else {
        try {
          const result = await ingestText(db.prisma, item.article!);
          if (result.created) summary.ingested += 1;
          else summary.present += 1;
        } catch (e) {
          const reason = e instanceof ValidationError ? e.issues.map((x) => `${x.field.replace(/^input\./, '')} ${x.problem}`).join('; ') : e instanceof ConflictError ? e.message : `unexpected: ${(e as Error).message}`;
          summary.failed.push(`${relative(process.cwd(), item.origin) || item.origin}: ${reason}`);
        }
      }
      show(++done);
    }
    show(done, true);
  } finally {
    await db.close();
  }
  console.log(`ingested ${summary.ingested}, already present ${summary.present}, failed ${summary.failed.length}${interrupted ? ' (interrupted: run again to resume)' : ''}`);
  for (const f of summary.failed) console.log(`  failed: ${f}`);
  return summary.failed.length ? 2 : interrupted ? 130 : 0;
}

async function extract(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false }, attribution: { type: 'string', default: 'model' } } });
  } catch (e) {
    throw new UsageError(`extract: ${(e as Error).message}`);
  }
  const { values, positionals: files } = parsed;
  const attribution = values.attribution as AttributionMode;
  if (!ATTRIBUTION_MODES.includes(attribution)) throw new UsageError(`extract: --attribution takes ${ATTRIBUTION_MODES.join(' or ')}, not "${values.attribution}"`);
  if (files.length === 0) throw new UsageError('extract needs at least one FILE');
  let failed = 0;
  for (const file of files) {
    for await (const item of itemsOfFile(file)) {
      if (!item.article) {
        console.error(`${item.origin}: ${item.error}`);
        failed += 1;
        continue;
      }
      const { text, publishedAt, title } = item.article;
      if (publishedAt != null && !parseIsoDate(publishedAt)) {
        console.error(`${item.origin}: publishedAt must be YYYY-MM-DD, not "${publishedAt}"`);
        failed += 1;
        continue;
      }
      const out = extractionJson(item.origin, extractArticle(text, { publishedAt, title, attribution }));
      if (values.json) {
        console.log(JSON.stringify(out));
        continue;
      }
      printExtraction(item.origin, out);
    }
  }
  return failed ? 2 : 0;
}

function printExtraction(origin: string, out: ReturnType<typeof extractionJson>) {
  console.log(`# ${origin}  (published ${out.publishedAt ?? 'unknown'}, dateline ${out.dateline ?? 'none'}, extractor ${out.extractorVersion})`);
  console.log(`\nActors (${out.actors.length})`);
  for (const a of out.actors) console.log(`  ${a.name} [${a.kind}${a.countryCode ? `, ${a.countryCode}` : ''}] ×${a.mentions.length}`);
  console.log(`\nStatements (${out.statements.length})`);
  for (const s of out.statements) console.log(`  ${s.kind.padEnd(8)} ${(s.speaker ?? '(unknown)').padEnd(36)} ${s.cue ?? '-'}: “${s.quote}”`);
  console.log(`\nEvents (${out.events.length})`);
  for (const e of out.events) {
    const who = e.participants.map((p) => `${p.name}:${p.role}`).join(', ');
    console.log(`  ${e.type.padEnd(9)} ${e.date ?? 'undated'}/${e.datePrecision} ${e.status}${e.place ? ` @${e.place}` : ''}${e.fatalities ? ` killed:${e.fatalities}` : ''}${e.injuries ? ` injured:${e.injuries}` : ''}  [${who}]`);
    console.log(`            ${e.summary}`);
  }
  console.log('');
}

async function reextract(args: string[]): Promise<number> {
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  const show = progress(null);
  let n = 0;
  try {
    const result = await reextractArticles(db.prisma, { all: args.includes('--all'), onArticle: () => show(++n) });
    show(n, true);
    console.log(`re-extracted ${result.articles} articles with ${EXTRACTOR_VERSION}; kept ${result.statementsKept} corrected statements`);
    for (const s of result.skipped) console.log(`skipped article ${s.articleId}: over the ${s.limit} limit (it keeps what its older extractor derived)`);
  } finally {
    await db.close();
  }
  return 0;
}

async function keys(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!['create', 'list', 'revoke'].includes(action ?? '')) throw new UsageError('keys: give create, list or revoke');
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  try {
    if (action === 'create') {
      const at = rest.indexOf('--scopes');
      const scopes = parseScopes(at >= 0 ? rest[at + 1] ?? '' : 'read,write', '--scopes');
      const name = rest.filter((_, i) => i !== at && i !== at + 1).join(' ');
      if (!name) throw new UsageError('keys create: give the key a NAME (who or what uses it)');
      // Keys of that name are a development server's own: other servers refuse them, starts delete them.
      if (name.trim().startsWith(DEVELOPMENT_KEY_NAME)) throw new UsageError(`keys create: names beginning "${DEVELOPMENT_KEY_NAME}" are kept for development servers' own keys`);
      const { key, info } = await createApiKey(db.prisma, name, scopes);
      console.error(`created key ${info.id} (${info.prefix}) "${info.name}" with scopes ${info.scopes.join(',')}; it is shown only now:`);
      console.log(key);
    } else if (action === 'list') {
      const list = await listApiKeys(db.prisma);
      if (!list.length) console.log('no keys');
      for (const k of list) {
        console.log(`${String(k.id).padStart(4)}  ${k.prefix}  ${k.scopes.join(',').padEnd(16)} ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}  ${k.name}`);
      }
    } else {
      if (!rest[0]) throw new UsageError('keys revoke: give the id or prefix of the key');
      const info = await revokeApiKey(db.prisma, rest[0]);
      console.log(`revoked key ${info.id} (${info.prefix}) "${info.name}"`);
    }
  } finally {
    await db.close();
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command && COMMAND_USAGE[command] && (args.includes('--help') || args.includes('-h'))) {
    console.log(`usage:\n  ${COMMAND_USAGE[command]}`);
    return 0;
  }
  switch (command) {
    case 'extract':
      return extract(args);
    case 'ingest':
      return ingest(args);
    case 'reextract':
      return reextract(args);
    case 'keys':
      return keys(args);
    case 'serve':
      await serve();
      return -1; // keeps running
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return command ? 0 : 1;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof UsageError) console.error(`newsgraph: ${error.message}\n${USAGE}`);
    else console.error(`newsgraph: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
