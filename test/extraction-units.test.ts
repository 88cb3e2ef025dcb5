import { describe, expect, it } from 'vitest';
import { findDates } from '../server/extraction/dates.js';
import { parseHeader } from '../server/extraction/header.js';
import { paragraphs, sentences } from '../server/extraction/text.js';
import { casualties } from '../server/extraction/events.js';
import { extractArticle } from '../server/extraction/index.js';
import { normalizeName } from '../server/extraction/normalize.js';

describe('dates, resolved against the publication day (Wednesday 2021-11-17)', () => {
  const at = (text: string) => findDates(text, '2021-11-17').map((d) => [d.date, d.precision]);
  it.each([
    ['on Tuesday', [['2021-11-16', 'DAY']]],
    ['On Sunday, they', [['2021-11-14', 'DAY']]],
    ['on Wednesday', [['2021-11-17', 'DAY']]],
    ['last Wednesday', [['2021-11-10', 'DAY']]],
    ['ended last November', [['2020-11-01', 'MONTH']]],
    ['in March', [['2021-03-01', 'MONTH']]],
    ['a year after their war', [['2020-01-01', 'YEAR']]],
    ['on September 27, 2020, fighting', [['2020-09-27', 'DAY']]],
    ['on 27 September 2020', [['2020-09-27', 'DAY']]],
    ['on November 3', [['2021-11-03', 'DAY']]],
    ['on December 30', [['2020-12-30', 'DAY']]],
    ['in 1991', [['1991-01-01', 'YEAR']]],
    ['yesterday', [['2021-11-16', 'DAY']]],
    ['February 30, 2021', []],
  ])('%s', (text, expected) => expect(at(text)).toEqual(expected));
  it('needs a publication day for relative dates', () => {
    expect(findDates('on Tuesday, in 1991', null).map((d) => d.date)).toEqual(['1991-01-01']);
  });
});

describe('article header', () => {
  it.each([
    [' date 2021-11-17 Baku: Armenia and', '2021-11-17', null, 'Baku', 'Armenia and'],
    ['DUSHANBE, Tajikistan (AFP) - Fighting broke out', null, null, 'Dushanbe', 'Fighting broke out'],
    ['KYIV, Ukraine (AP) — Russia launched', null, null, 'Kyiv', 'Russia launched'],
    ['A title line\nBy Jane Doe\n\nKhartoum (Reuters) - The army said', null, 'A title line', 'Khartoum', 'The army said'],
    ['Just a body with no header at all.', null, null, null, 'Just a body with no header at all.'],
    ['', null, null, null, ''],
  ])('%j', (raw, publishedAt, title, dateline, body) => {
    const h = parseHeader(raw);
    expect([h.publishedAt, h.title, h.dateline, raw.slice(h.bodyStart, h.bodyEnd)]).toEqual([publishedAt, title, dateline, body]);
  });
});

describe('sentences', () => {
  it('do not end at abbreviations, initials or inside a quotation', () => {
    const text = 'U.S. forces left on Monday. Gen. Petrov said "It is over. We won." Mr. Smith agreed.';
    const spans = sentences(text, paragraphs(text)[0]).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['U.S. forces left on Monday.', 'Gen. Petrov said "It is over.', 'We won."', 'Mr. Smith agreed.']);
  });
});

describe('casualties', () => {
  it.each([
    ['two Azerbaijani troops were wounded in the clashes', null, 2],
    ['claimed more than 6,500 lives', 6500, null],
    ['At least 56 people have been killed and 158 injured', 56, 158],
    ['killing 49 Armenian soldiers', 49, null],
    ['no one was hurt', null, null],
  ])('%s', (text, fatalities, injuries) => expect(casualties(text)).toEqual({ fatalities, injuries }));
});

describe('names', () => {
  it('compare without case, articles, curly quotes or extra spaces', () => {
    expect(normalizeName('The  Armenia’s Armed Forces')).toBe(normalizeName("armenia's armed forces"));
  });
});

describe('extractArticle', () => {
  it('is deterministic and never throws on hostile text', () => {
    const inputs = ['', '"', '“unclosed quote said the ministry', '\u0000\u0001 said "x y z" \uFFFF', 'a'.repeat(100_000), '"'.repeat(5000), 'He said. '.repeat(2000)];
    for (const input of inputs) {
      const first = extractArticle(input);
      expect(extractArticle(input)).toEqual(first);
      for (const s of first.statements) expect(input.slice(s.start, s.end)).toBe(s.quote);
    }
  });
  it('reads a stored body as it is: nothing taken off as title or dateline', () => {
    const body = 'Short first line\nBaku: The ministry said "the border remains calm tonight".';
    const asRaw = extractArticle(body);
    expect(asRaw.bodyStart).toBeGreaterThan(0);
    const asBody = extractArticle(body, { bodyOnly: true });
    expect([asBody.bodyStart, asBody.bodyEnd, asBody.title, asBody.dateline]).toEqual([0, body.length, null, null]);
    for (const st of asBody.statements) expect(body.slice(st.start, st.end)).toBe(st.quote);
  });

  it('leaves the speaker null when the text does not say who spoke', () => {
    const x = extractArticle('The situation is "very dangerous and getting worse by the hour," in the view of many.');
    expect(x.statements.map((s) => [s.quote, s.speaker])).toEqual([['very dangerous and getting worse by the hour', null]]);
  });
});
