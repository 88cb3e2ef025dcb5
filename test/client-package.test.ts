import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFor, startServer, stop, type Running } from './server-process.js';

const exec = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const CONSUMER = join(ROOT, 'test', 'consumer');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

async function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code ?? 1, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}

/** The built package, used the way a separate app uses it. */
describe('@newsgraph/client as a built package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsgraph-client-'));
  let server: Running;
  let url: string;
  let apiKey: string;

  beforeAll(async () => {
    const build = await run('npm', ['run', 'build', '-w', 'client'], ROOT);
    expect(build.stderr + build.stdout).not.toMatch(/error TS/);
    expect(build.code).toBe(0);
    apiKey = await createKeyFor(`file:${join(dir, 'ng.db')}`, ['write']);
    server = await startServer({ DATABASE_URL: `file:${join(dir, 'ng.db')}` });
    url = `http://127.0.0.1:${server.port}/graphql`;
    const codegen = await run(bin('graphql-codegen'), ['--config', 'codegen.ts'], CONSUMER);
    expect(codegen.code, codegen.stderr).toBe(0);
  }, 180_000);
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['nodenext', 'bundler'])('type-checks an app under moduleResolution %s, with wrong fields and variables as errors', async (mode) => {
    // app.ts holds `@ts-expect-error` lines: were any of them not an error, tsc would fail here.
    const result = await run(bin('tsc'), ['-p', `tsconfig.${mode}.json`], CONSUMER);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('runs from plain Node ESM: ready operations, the app\'s own operation, pagination and typed errors', async () => {
    const result = await run(process.execPath, ['run.mjs', url, apiKey], CONSUMER);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      firstType: 'ASSAULT',
      assaults: 3,
      states: ['Armenia', 'Azerbaijan', 'Russia'],
      kinds: ['STATE', 'STATE', 'STATE'],
      eventsPaged: 10,
      pages: 4,
      error: 'mutation:ValidationError',
    });
  });

  it('drives the example app, which prints an actor timeline', async () => {
    const result = await run(process.execPath, ['examples/actor-timeline/index.mjs', 'Armen Grigoryan'], ROOT, { NEWSGRAPH_URL: url });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'Armen Grigoryan (PERSON, ARM, Security Council Secretary, part of Armenia)',
      '1 events, 1 statements',
      expect.stringMatching(/^ {2}2021-11-17 {2}SAID \(direct\) +“Given that there was an attack on Armenia’s sovereign territory/),
    ]);
    const down = await run(process.execPath, ['examples/actor-timeline/index.mjs', 'Armenia'], ROOT, { NEWSGRAPH_URL: 'http://127.0.0.1:9/graphql' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^newsgraph error \(network\): newsgraph at http:\/\/127.0.0.1:9\/graphql could not be reached/);
  });
});
