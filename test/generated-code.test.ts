import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);

describe('schema.graphql and the client\'s generated code', () => {
  it('match what the server\'s schema generates now (else: npm run codegen)', async () => {
    const root = new URL('..', import.meta.url).pathname;
    const result = await exec(process.execPath, ['--import', 'tsx', 'scripts/check-generated.ts'], { cwd: root }).catch((e) => e);
    expect(`${result.stdout}${result.stderr}`).toMatch(/✓ schema.graphql and \d+ generated client files are up to date/);
  });
});
