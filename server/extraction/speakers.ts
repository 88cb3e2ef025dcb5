/**
 * From the tagger's attributions to statements with speakers: each source phrase is resolved to an
 * actor. A phrase that overlaps an actor the gazetteers or rules found is that actor; a name they do
 * not know becomes an actor of its own (never folded into one it merely resembles); a pronoun or
 * a nominal goes to the actor it refers to when the text makes that clear, and to no one otherwise:
 * a wrong speaker is worse than none. Pure.
 */
import type { ActorMention, ExtractedActor } from './actors.js';
import type { TaggedAttribution } from './attribution/index.js';
import type { ExtractedStatement, StatementKind } from './statements.js';

/** Words that name a role, not a person: stripped from the front of a name. */
const TITLE_WORDS = new Set(
  ('mr mrs ms miss dr prof president vice senator sen rep representative gov governor secretary minister prime general gen lt col maj capt sgt adm ' +
    'judge justice chief spokesman spokeswoman spokesperson ambassador mayor king queen prince princess pope rev reverend commander chairman ' +
    'chairwoman chair director deputy foreign defense defence interior state attorney speaker leader majority minority senate house republican ' +
    'democratic democrat gop former presidential candidate nominee colonel major captain lieutenant sergeant admiral officer sheikh emir ' +
    'u.s us federal acting interim first lady ceo executive founder co-founder head coach premier envoy special adviser advisor aide sir lord dame').split(' '),
);
/** Words that make a capitalised phrase an organisation rather than a person. */
const ORG_WORDS =
  /\b(Department|Ministry|Committee|Commission|Council|Party|Campaign|Association|Institute|University|College|Union|Network|News|Times|Post|Journal|Agency|Office|Court|Mission|Force|Forces|Command|Group|Foundation|Center|Centre|Bank|Fund|Corporation|Corp|Inc|Company|Co|Organization|Organisation|Administration|Authority|Board|Bureau|Service|Services|Police|Army|Navy|Parliament|Assembly|Congress|Senate|House|Government|Coalition|Alliance|Front|Movement|Federation|Society|Church|School|Hospital|Club|Project|Watch|International|Press|Television|Radio|Channel|Magazine|Tribune|Herald|Guardian|Review|Program|Programme|Secretariat|Tribunal|Cabinet|Kremlin|Pentagon|Pew|Gallup|Poll)\b/;
const PERSON_PRONOUNS = new Set(['he', 'she', 'i', 'him', 'who', 'whom']);
const GROUP_PRONOUNS = new Set(['it', 'they', 'we', 'them', 'us']);

export type SpeakerReference = 'NAME' | 'PRONOUN' | 'NOMINAL' | 'CONTINUATION';

export interface SpeakerResolution {
  statements: (ExtractedStatement & { speakerReference: SpeakerReference | null })[];
  /** Actors the gazetteers and rules did not know, found as speakers. */
  actors: ExtractedActor[];
  mentions: ActorMention[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (s: string) => s.match(/[\p{L}\p{N}][\p{L}\p{N}.'’&-]*/gu) ?? [];
const isCap = (w: string) => /^\p{Lu}/u.test(w);

/** The name inside a source phrase: its last run of capitalised words, titles taken off the front. */
export function nameIn(phrase: string, sentenceInitial: boolean): { name: string; possessive: string | null } | null {
  const ws = words(phrase);
  const runs: string[][] = [];
  let run: string[] = [];
  ws.forEach((w, i) => {
    const bare = w.replace(/['’]s$/, '');
    if (isCap(w) && !(i === 0 && sentenceInitial && /^(The|A|An|This|That|These|Those|Several|Some|Many|Most|Other|Both|All|Two|Three|Four|One|His|Her|Their|Its|Our|Another|Top|Senior|Former|Local|State|Federal)$/.test(bare))) {
      run.push(w);
      if (bare !== w) (runs.push(run), (run = []));
    } else if (run.length && /^(of|for|and|de|al|bin|van|von|da|del|la|le|on)$/.test(w)) run.push(w);
    else if (run.length) (runs.push(run), (run = []));
  });
  if (run.length) runs.push(run);
  for (const r of runs) while (r.length && /^(of|for|and|de|al|bin|van|von|da|del|la|le|on)$/.test(r.at(-1)!)) r.pop();
  const named = runs.filter((r) => r.length);
  if (!named.length) return null;
  let last = named.at(-1)!;
  const possessive = /['’]s$/.test(last.at(-1)!) ? phrase.slice(phrase.lastIndexOf(last.at(-1)!) + last.at(-1)!.length).trim() : null;
  last = last.map((w) => w.replace(/['’]s$/, ''));
  const joined = last.join(' ');
  if (!ORG_WORDS.test(joined)) {
    while (last.length > 1 && TITLE_WORDS.has(last[0].toLowerCase().replace(/\.$/, ''))) last = last.slice(1);
    if (last.length === 1 && TITLE_WORDS.has(last[0].toLowerCase().replace(/\.$/, ''))) return null;
  }
  return { name: last.join(' ').replace(/^(?:the|The)\s+/, ''), possessive: possessive || null };
}

function kindOf(name: string): ExtractedActor['kind'] {
  if (ORG_WORDS.test(name) || /^\p{Lu}{2,}$/u.test(name)) return 'ORGANIZATION';
  return 'PERSON';
}

export function resolveSpeakers(text: string, attributions: TaggedAttribution[], actors: ExtractedActor[], mentions: ActorMention[]): SpeakerResolution {
  const created = new Map<string, ExtractedActor>();
  const newMentions: ActorMention[] = [];
  const statements: SpeakerResolution['statements'] = [];
  /** Named speakers and named people, in text order, for pronouns to refer back to. */
  const history: { at: number; actor: ExtractedActor }[] = mentions.filter((m) => m.actor.kind === 'PERSON').map((m) => ({ at: m.start, actor: m.actor }));
  const speakers: { at: number; actor: ExtractedActor }[] = [];
  const known = [...actors];

  const mention = (actor: ExtractedActor, start: number, end: number) => {
    if (actor.mentions.some((m) => m.start === start && m.end === end)) return;
    actor.mentions.push({ start, end, text: text.slice(start, end) });
    newMentions.push({ start, end, actor });
  };

  /** An actor for a name no gazetteer knew: the fullest form of it in the article. */
  const actorNamed = (name: string): ExtractedActor => {
    const surname = name.split(' ').at(-1)!;
    const isPerson = kindOf(name) === 'PERSON';
    // "Trump" after "Donald Trump": the person already known.
    const existing =
      known.find((a) => a.name === name) ??
      (isPerson && !name.includes(' ') ? known.find((a) => a.kind === 'PERSON' && a.name.endsWith(` ${surname}`)) : undefined) ??
      (isPerson ? known.find((a) => a.kind === 'PERSON' && name.endsWith(` ${a.name}`) && !a.name.includes(' ')) : undefined);
    if (existing) return existing;
    let full = name;
    if (isPerson && !name.includes(' ')) {
      // The fullest form written anywhere in the article: "Donald J. Trump" for "Trump".
      const re = new RegExp(`((?:\\p{Lu}[\\p{L}'’.-]*\\s+){1,3})${escape(surname)}(?![\\p{L}])`, 'gu');
      for (const m of text.matchAll(re)) {
        const lead = m[1].trim().split(/\s+/).filter((w) => !TITLE_WORDS.has(w.toLowerCase().replace(/\.$/, '')) && !/^(The|A|An|In|On|At|But|And|As|If|When|While|After|Before|Said|Says)$/.test(w));
        if (lead.length && /^\p{Lu}\p{Ll}/u.test(lead[0])) {
          full = `${lead.join(' ')} ${surname}`;
          break;
        }
      }
    }
    const already = known.find((a) => a.name === full);
    if (already) return already;
    const actor: ExtractedActor = { name: full, kind: kindOf(full), countryCode: null, title: null, parent: null, aliases: full === name ? [] : [name], mentions: [], confidence: 0.7 };
    created.set(full, actor);
    known.push(actor);
    // Its other mentions: the full name, and a person's surname or an organisation's acronym.
    const forms = [full, ...(actor.kind === 'PERSON' && full.includes(' ') ? [surname] : [])];
    const acronym = new RegExp(`${escape(full)}\\s*\\((\\p{Lu}{2,})\\)`, 'u').exec(text)?.[1];
    if (acronym) forms.push(acronym), actor.aliases.push(acronym);
    for (const form of forms) {
      for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])${escape(form)}(?![\\p{L}])`, 'gu'))) {
        const start = m.index, end = start + form.length;
        if (mentions.some((x) => x.start < end && start < x.end) || actor.mentions.some((x) => x.start < end && start < x.end)) continue;
        mention(actor, start, end);
      }
    }
    return actor;
  };

  const lastBefore = (list: { at: number; actor: ExtractedActor }[], at: number, ok: (a: ExtractedActor) => boolean, within = 1500) => {
    for (let i = list.length - 1; i >= 0; i--) if (list[i].at < at && at - list[i].at <= within && ok(list[i].actor)) return list[i].actor;
    return null;
  };

  /** A nominal ("the ministry", "the campaign", "the president") that names an actor of the article by its kind or title. */
  const nominal = (phrase: string, at: number): ExtractedActor | null => {
    const p = phrase.toLowerCase();
    const recent = (ok: (a: ExtractedActor) => boolean) => lastBefore(speakers, at, ok, 1200) ?? lastBefore(mentions.map((m) => ({ at: m.start, actor: m.actor })), at, ok, 800);
    if (/^(the|that|this)\s+(\p{L}+\s+)?ministry$/u.test(p)) return recent((a) => a.name.startsWith('Ministry'));
    if (/^(the|that)\s+(army|military)$/.test(p)) return recent((a) => a.kind === 'MILITARY');
    if (/^the\s+(campaign|committee|commission|court|agency|council|party|group|organi[sz]ation|company|department|office)$/.test(p)) {
      const noun = p.split(/\s+/).at(-1)!.replace(/organi[sz]ation/, 'organi');
      return recent((a) => a.kind !== 'PERSON' && a.name.toLowerCase().includes(noun));
    }
    const title = /^the\s+(president|prime minister|minister|secretary|senator|governor|mayor|judge|candidate|chairman|ambassador|general|commander)$/.exec(p)?.[1];
    if (title) return recent((a) => a.kind === 'PERSON' && (a.title ?? '').toLowerCase().includes(title));
    return null;
  };

  let previous: ExtractedActor | null = null;
  for (const a of attributions) {
    let speaker: ExtractedActor | null = null;
    let reference: SpeakerReference | null = null;
    const src = a.source;
    if (src) {
      const phrase = src.text.trim();
      const lower = phrase.toLowerCase();
      const overlapping = mentions.filter((m) => m.start < src.end && src.start < m.end);
      if (PERSON_PRONOUNS.has(lower)) {
        reference = 'PRONOUN';
        speaker = lastBefore([...history, ...speakers].sort((x, y) => x.at - y.at), src.start, (x) => x.kind === 'PERSON');
      } else if (GROUP_PRONOUNS.has(lower)) {
        reference = 'PRONOUN';
        speaker = lower === 'it' ? lastBefore(speakers, src.start, (x) => x.kind !== 'PERSON') : lastBefore(speakers, src.start, () => true);
      } else if (overlapping.length) {
        reference = 'NAME';
        // The person in "Russia's defence minister Sergei Shoigu", else the phrase's head: its last actor.
        speaker = (overlapping.find((m) => m.actor.kind === 'PERSON') ?? overlapping.at(-1)!).actor;
      } else {
        const sentenceInitial = /(^|[.!?]["”’]?\s+|\n\s*|["“]\s*)$/.test(text.slice(Math.max(0, src.start - 4), src.start)) || src.start === a.paragraph.start;
        const named = nameIn(phrase, sentenceInitial);
        if (named && !named.possessive) {
          reference = 'NAME';
          speaker = actorNamed(named.name);
        } else if (named?.possessive && /^(campaign|administration|office|team|government|party|camp|spokesman|spokeswoman|spokesperson)$/.test(named.possessive.toLowerCase())) {
          // "Trump's campaign" speaks for the campaign; a spokesman speaks for whom he serves.
          reference = 'NAME';
          const owner = actorNamed(named.name);
          speaker = /^spokes/.test(named.possessive.toLowerCase()) ? owner : actorNamed(`${owner.name} ${named.possessive.toLowerCase()}`);
          if (speaker.kind === 'PERSON' && speaker !== owner) speaker.kind = 'ORGANIZATION';
        } else {
          reference = 'NOMINAL';
          speaker = nominal(phrase, src.start);
        }
      }
      if (speaker) mention(speaker, src.start, src.end);
    } else if (a.continues && previous) {
      reference = 'CONTINUATION';
      speaker = previous;
    }
    const kind: StatementKind = a.quoted >= 0.999 ? 'DIRECT' : a.quoted > 0.2 ? 'MIXED' : 'INDIRECT';
    statements.push({
      quote: text.slice(a.content.start, a.content.end),
      kind,
      cue: a.cue ? a.cue.text.toLowerCase() : null,
      speaker,
      start: a.content.start,
      end: a.content.end,
      confidence: speaker ? (reference === 'NAME' ? 0.85 : 0.7) : 0.5,
      speakerReference: speaker ? reference : null,
    });
    if (speaker) {
      speakers.push({ at: src?.start ?? a.content.start, actor: speaker });
      if (speaker.kind === 'PERSON' && reference === 'NAME') history.push({ at: src!.start, actor: speaker });
      history.sort((x, y) => x.at - y.at);
    }
    previous = speaker ?? (a.source ? null : previous);
  }
  return { statements, actors: [...created.values()], mentions: newMentions };
}
