/**
 * Reads a PolNeAR split (../shared/data/polnear/{train,dev}: text/NAME.txt and brat standoff
 * attributions/NAME_ANNOTATOR.ann), one annotator's file per article: the first by name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POLNEAR = fileURLToPath(new URL('../../shared/data/polnear/', import.meta.url));

export type Ranges = [number, number][];
export interface GoldAttribution {
  source: Ranges | null;
  sourceText: string | null;
  cue: Ranges | null;
  content: Ranges;
}
export interface PolnearArticle {
  name: string;
  text: string;
  attributions: GoldAttribution[];
}

export function parseAnn(ann: string): GoldAttribution[] {
  const spans = new Map<string, { label: string; ranges: Ranges; text: string }>();
  const events: Record<string, string>[] = [];
  for (const line of ann.split('\n')) {
    const parts = line.split('\t');
    if (line.startsWith('T') && parts.length === 3) {
      const [label, ...offsets] = parts[1].split(' ');
      const ranges = offsets.join(' ').split(';').map((r) => r.split(' ').map(Number) as [number, number]);
      spans.set(parts[0], { label, ranges, text: parts[2] });
    } else if (line.startsWith('E') && parts.length >= 2) {
      events.push(Object.fromEntries(parts[1].split(' ').filter((p) => p.includes(':')).map((p) => p.split(':', 2))));
    }
  }
  const out: GoldAttribution[] = [];
  for (const e of events) {
    const content = spans.get(e.Content);
    if (!content) continue;
    const source = spans.get(e.Source);
    out.push({ content: content.ranges, source: source?.ranges ?? null, sourceText: source?.text ?? null, cue: spans.get(e.Cue)?.ranges ?? null });
  }
  return out;
}

/** `train`, `dev`, or the path of a folder laid out like them. */
export function readSplit(split: string): PolnearArticle[] {
  const dir = split === 'train' || split === 'dev' ? join(POLNEAR, split) : split;
  if (!existsSync(join(dir, 'text'))) throw new Error(`no PolNeAR split at ${dir}`);
  const anns = readdirSync(join(dir, 'attributions')).sort();
  return readdirSync(join(dir, 'text'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => {
      const name = f.slice(0, -4);
      const ann = anns.find((a) => a.endsWith('.ann') && a.slice(0, a.lastIndexOf('_')) === name);
      if (!ann) return [];
      const path = join(dir, 'text', f);
      return [{ name, text: readFileSync(path, 'utf8'), attributions: parseAnn(readFileSync(join(dir, 'attributions', ann), 'utf8')) }];
    });
}
