/**
 * The Node.js we declare: `engines` must accept exactly the versions every package in the lockfile
 * accepts (a dependency update that needs a newer Node must change it), and .nvmrc, the Node that
 * .ci/run fetches and `engines` must agree.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const semver = createRequire(import.meta.url)('semver') as { satisfies(version: string, range: string): boolean };
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; optional?: boolean; engines?: { node?: string } }> };

/** Packages that state a Node range. Optional ones (platform builds) are skipped by npm where they don't fit. */
const ranges = Object.entries(lock.packages)
  .filter(([path]) => path.startsWith('node_modules/') || path.includes('/node_modules/'))
  .filter(([, p]) => !p.optional && typeof p.engines?.node === 'string')
  .map(([path, p]) => ({ name: `${path.replace(/.*node_modules\//, '')}@${p.version}`, range: p.engines!.node! }));

describe('the Node.js runtime', () => {
  it('engines accepts exactly what every package of the lockfile accepts', () => {
    expect(ranges.length).toBeGreaterThan(100);
    // Every version a range names, and the first release of each line around ours, is where a range starts or stops.
    const probes = new Set<string>();
    for (const { range } of ranges) for (const m of range.matchAll(/(\d+)\.(\d+)(?:\.(\d+))?/g)) probes.add(`${m[1]}.${m[2]}.${m[3] ?? 0}`);
    for (let major = 18; major <= 30; major++) probes.add(`${major}.0.0`).add(`${major}.99.0`);
    const disagreements = [...probes]
      .filter((v) => Number(v.split('.')[0]) >= 18)
      .map((version) => ({ version, engines: semver.satisfies(version, pkg.engines.node), refusedBy: ranges.filter((r) => !semver.satisfies(version, r.range)).map((r) => r.name) }))
      .filter((p) => p.engines !== (p.refusedBy.length === 0))
      .map((p) => `${p.version}: engines ${p.engines ? 'accepts' : 'refuses'}, lockfile ${p.refusedBy.length ? `refuses (${p.refusedBy.slice(0, 3).join(', ')})` : 'accepts'}`);
    expect(disagreements).toEqual([]);
  });

  it('.nvmrc, the Node .ci/run fetches and engines agree', () => {
    const nvmrc = read('.nvmrc').trim().replace(/^v/, '');
    const fetched = /^NODE_VERSION=(\d+\.\d+\.\d+)$/m.exec(read('.ci/run'))?.[1];
    expect(fetched, '.ci/run pins NODE_VERSION').toBeDefined();
    expect(fetched!.split('.')[0]).toBe(nvmrc);
    expect(semver.satisfies(fetched!, pkg.engines.node)).toBe(true);
  });
});
