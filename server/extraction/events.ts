import type { ActorMention, ExtractedActor } from './actors.js';
import { findDates, type DatePrecision } from './dates.js';
import { placeForms, type PlaceEntry } from './gazetteer.js';
import type { ExtractedStatement } from './statements.js';
import { overlapping, startingIn, type TextSpan } from './text.js';

export type EventType =
  | 'AGREE' | 'CONSULT' | 'SUPPORT' | 'CONCEDE' | 'COOPERATE' | 'AID' | 'RETREAT' | 'REQUEST' | 'ACCUSE' | 'REJECT' | 'THREATEN'
  | 'PROTEST' | 'SANCTION' | 'MOBILIZE' | 'COERCE' | 'ASSAULT' | 'OTHER';

export interface ExtractedEvent {
  type: EventType;
  summary: string;
  date: string | null;
  datePrecision: DatePrecision;
  place: PlaceEntry | null;
  status: 'REPORTED' | 'ALLEGED' | 'DENIED';
  fatalities: number | null;
  injuries: number | null;
  participants: { actor: ExtractedActor; role: 'SOURCE' | 'TARGET' | 'OTHER' }[];
  start: number;
  end: number;
  /** The statement that carries the claim, when the event is a party's claim. */
  statement: ExtractedStatement | null;
  confidence: number;
}

/** Words that report each PLOVER event type; the first that matches in a clause types it. */
const TRIGGERS: [EventType, RegExp][] = [
  ['ACCUSE', /\b(accus\w*|blam\w*|traded accusations|charged that|denounc\w*|condemn\w*|criticis\w*|criticiz\w*|slam(?:s|med)?|blast(?:s|ed)|lodg\w* (?:a |an )?(?:solemn )?(?:protest|complaint|representations)|fil(?:e|es|ed|ing) (?:\w+ )?(?:charges|a complaint|complaints|a lawsuit)|indict\w*|su(?:ed|es|ing) (?:the )?)\b/i],
  ['REQUEST', /\b(appeal\w*|call(?:ed|s|ing)? (?:on|for)|urg\w*|request\w*|ask(?:ed|s)? (?:for|\w+ to)|demand\w*|plead\w*)\b/i],
  ['THREATEN', /\b(threat\w*|warn(?:ed|s|ing)? (?:of (?:a |an )?(?:response|retaliation|consequences|war|attack)|(?:that )?(?:it|they|we) would)|ultimatum|vow(?:ed|s)? to (?:destroy|crush|retaliate|respond)|(?:will|would|to) (?:soon )?(?:retaliate|reciprocate)|(?:pledg|promis|vow)\w* (?:a )?(?:stern|firm|decisive|strong|harsh)\w* (?:and \w+ )?(?:response|action|measures))\b/i],
  ['AGREE', /\b(agree\w*|truce|ceasefire|cease-fire|armistice|peace deal|deal|accord|signed|sign a|treaty)\b/i],
  ['REJECT', /\b(reject\w*|refus\w*|dismiss\w*|rebuff\w*|str(?:uck|ikes?|iking) down|overturn\w*|annul\w*|veto\w*|ignor(?:e|es|ed|ing) (?:the |a |an )?(?:ruling|order|call|demand|request|findings|verdict))\b/i],
  ['SANCTION', /\b(sanction\w*|expel\w*|embargo\w*|cut (?:diplomatic )?ties|recall\w* (?:its |their )?ambassador|designat\w* (?:\w+ ){0,6}(?:as )?(?:a |an )?(?:terrorist|terror)|blacklist\w*|asset freezes?|froze (?:\w+ )?assets)\b/i],
  ['COERCE', /\b(detain\w*|arrest\w*|captur\w*|seiz\w*|abduct\w*|kidnap\w*|blockad\w*|closed|closure|besieg\w*|hostage\w*|surrounded|suspend\w*|bann(?:ed|ing)|bans|crack\w* down|crackdown|tear gas|dispers\w*|curfew|deport\w*|evict\w*|jail\w*|imprison\w*|sentenc(?:ed|es) (?:\w+ )?to)\b/i],
  ['ASSAULT', /\b(attack\w*|clash\w*|fight\w*|shell\w*|strike|strikes|struck|airstrikes?|air strikes?|bomb\w*|fired|firing|opened fire|exchanges? of fire|gunfire|killed|killing|raid\w*|ambush\w*|assault\w*|offensive|drone attacks?|missiles?|rockets?|war\b|provocation|hostilities|skirmish\w*|battl\w*|massacre\w*|wounded|injured)\b/i],
  ['MOBILIZE', /\b(mobili[sz]\w*|deploy\w*|reinforc\w*|troop build-?up|massing|put on alert|high alert|military drills?|exercises|(?:heighten|rais|increas)\w* (?:its |their )?(?:combat )?readiness|military preparations)\b/i],
  ['PROTEST', /\b(protest\w*|demonstrat\w*|rall(?:y|ies|ied)|march(?:ed)? (?:in|on|through))\b/i],
  ['CONSULT', /\b(talks|met|meeting|meets|visit\w*|phone call|spoke (?:with|to|by phone)|negotiat\w*|summit|discuss\w*|hosted|summon\w*|convene\w*)\b/i],
  ['AID', /\b(humanitarian aid|aid (?:convoy|delivery|shipment)|delivered aid|food aid|relief supplies|evacuat\w*)\b/i],
  ['SUPPORT', /\b((?:expressed|voiced|pledged|reaffirmed|declared) (?:its |their |his |her )?(?:full |strong )?support|supports|(?<!-)backs|prais\w*|endors\w*|welcom\w*|solidarity with)\b/i],
  ['COOPERATE', /\b(cooperat\w*|co-operat\w*|joint (?:patrol|operation|investigation)|alliance|military pact|partnership)\b/i],
  ['CONCEDE', /\b(conced\w*|releas\w*|freed|eas\w* restrictions|compromis\w*|lift\w* (?:the )?(?:blockade|ban|sanctions))\b/i],
  ['RETREAT', /\b(withdr[ae]w\w*|pull\w* (?:out|back)|retreat\w*|ceded|cede|handed over)\b/i],
];

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13,
  fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  dozens: 24, dozen: 12, hundreds: 200, scores: 40, a: 1, an: 1,
};
const NUMBER = `(\\d[\\d,]*(?:\\.\\d+)?(?:\\s+(?:thousand|million))?|${Object.keys(NUMBER_WORDS).filter((w) => w.length > 2).join('|')})`;

function toNumber(text: string): number | null {
  const t = text.toLowerCase().trim();
  if (t in NUMBER_WORDS) return NUMBER_WORDS[t];
  const m = /^([\d,]+(?:\.\d+)?)(?:\s+(thousand|million))?$/.exec(t);
  if (!m) return null;
  const n = Number(m[1].replace(/,/g, ''));
  return Math.round(n * (m[2] === 'thousand' ? 1000 : m[2] === 'million' ? 1_000_000 : 1));
}

const COUNT_PREFIX = '(?:at least|more than|over|nearly|almost|about|around|some)?';
const casualtyPatterns = (words: string, fatal: boolean) => [
  new RegExp(`(?<!\\bno\\s)\\b${NUMBER}\\s+(?:[\\p{L}'’-]+\\s+){0,4}?(?:were|was|have been|had been|been)?\\s*(?:${words})\\b`, 'iu'),
  new RegExp(`\\b(?:${words})\\s+${COUNT_PREFIX}\\s*${NUMBER}\\b`, 'iu'),
  ...(fatal ? [new RegExp(`\\b(?:claimed|killing|left|leaving)\\s+${COUNT_PREFIX}\\s*${NUMBER}\\s+(?:lives|people dead|dead)\\b`, 'iu')] : []),
];
const FATALITY_PATTERNS = casualtyPatterns('killed|dead|died|deaths|lives|fatalities|killing', true);
const INJURY_PATTERNS = casualtyPatterns('wounded|injured|hurt|injuries', false);

/** "two Azerbaijani troops were wounded" → injuries 2; "claimed more than 6,500 lives" → fatalities 6500. */
export function casualties(sentence: string): { fatalities: number | null; injuries: number | null } {
  const count = (patterns: RegExp[]) => {
    for (const re of patterns) {
      const m = re.exec(sentence);
      if (m) {
        const n = toNumber(m[1]);
        if (n != null && n > 0) return n;
      }
    }
    return null;
  };
  return { fatalities: count(FATALITY_PATTERNS), injuries: count(INJURY_PATTERNS) };
}

/** Happenings that people report rather than do. */
const PHYSICAL = new Set<EventType>(['ASSAULT', 'COERCE', 'MOBILIZE', 'RETREAT', 'AID']);

/** A sentence rarely reports more happenings than this; more triggers are words in passing. */
const MAX_EVENTS_PER_SENTENCE = 2;

const PLACE_RANK: Record<string, number> = { SITE: 5, CITY: 4, DISTRICT: 4, REGION: 3, COUNTRY: 1, OTHER: 2 };

/**
 * Events, clause by clause: a trigger word types it, the actors named before the trigger are its
 * sources and those after it its targets, a date expression dates it, the gazetteer places it.
 * Reports of one happening in one article (same type, date and participants) merge into one event.
 */
export function findEvents(
  text: string,
  sentences: TextSpan[],
  mentions: ActorMention[],
  statements: ExtractedStatement[],
  publishedAt: string | null,
): ExtractedEvent[] {
  const events: ExtractedEvent[] = [];
  const statementsOf = overlapping(sentences, statements);
  for (const [k, s] of sentences.entries()) {
    const sentence = text.slice(s.start, s.end);
    const triggers: { type: EventType; at: number; word: string }[] = [];
    for (const [type, re] of TRIGGERS) {
      const m = re.exec(sentence);
      if (m) triggers.push({ type, at: s.start + m.index, word: m[0] });
    }
    if (triggers.length === 0) continue;
    // The earliest trigger is the main event of the sentence; an ASSAULT named in it is a second one.
    triggers.sort((a, b) => a.at - b.at);
    const chosen = triggers.slice(0, MAX_EVENTS_PER_SENTENCE);
    const inSentence = startingIn(mentions, s.start, s.end).filter((m) => m.end <= s.end);
    const around = statementsOf[k];
    const dates = findDates(sentence, publishedAt, s.start);
    const statement = around.find((st) => st.speaker) ?? null;
    // Who says something in this sentence reports the event; they take part only where the reported words name them.
    const attributions = around.filter((st) => st.speaker).map((st) => st.speaker!);
    // A statement around a mention of this sentence overlaps the sentence.
    const insideStatement = (m: ActorMention) => around.some((st) => st.start <= m.start && m.end <= st.end);
    const places = [...placeForms.matches(text, s.start, s.end)].filter((p) => p.end <= s.end);
    const place = places.sort((a, b) => (PLACE_RANK[b.form.entry.kind] ?? 0) - (PLACE_RANK[a.form.entry.kind] ?? 0))[0]?.form.entry ?? null;
    const { fatalities, injuries } = casualties(sentence);
    for (const trigger of chosen) {
      const participants: ExtractedEvent['participants'] = [];
      const add = (actor: ExtractedActor, role: 'SOURCE' | 'TARGET' | 'OTHER') => {
        if (!participants.some((p) => p.actor === actor && p.role === role)) participants.push({ actor, role });
      };
      const speakerOfClaim = statement && statement.start <= trigger.at && trigger.at < statement.end ? statement.speaker : null;
      for (const m of inSentence) {
        // The speaker of a claim is not a participant of what it claims, unless it names itself.
        if (attributions.includes(m.actor) && !insideStatement(m) && trigger.type !== 'ACCUSE' && trigger.type !== 'REQUEST' && trigger.type !== 'THREATEN' && trigger.type !== 'REJECT') continue;
        add(m.actor, m.end <= trigger.at ? 'SOURCE' : 'TARGET');
      }
      if (trigger.type === 'ACCUSE' && speakerOfClaim) add(speakerOfClaim, 'SOURCE');
      // People speak about attacks and arrests more than they carry them out.
      if (PHYSICAL.has(trigger.type)) for (let i = participants.length - 1; i >= 0; i--) if (participants[i].actor.kind === 'PERSON') participants.splice(i, 1);
      // "they traded accusations", "both countries": the two states last named.
      if (participants.length === 0 && /\b(they|both (?:countries|sides|nations)|the two (?:sides|countries|neighbou?rs)|each other)\b/i.test(sentence)) {
        const states = [...new Set(mentions.filter((m) => m.end <= s.start && m.actor.kind === 'STATE').map((m) => m.actor))].slice(-2);
        if (states.length === 2) for (const st of states) add(st, 'SOURCE');
      }
      if (/\btraded accusations|each other|one another|both\b/i.test(sentence) && ['ACCUSE', 'ASSAULT'].includes(trigger.type)) {
        for (const p of [...participants]) if (p.role === 'SOURCE') add(p.actor, 'TARGET');
      }
      const date = dates[0] ?? null;
      const denied = /\b(denied|denies|rejected claims|dismissed claims)\b/i.test(sentence);
      const status = denied ? 'DENIED' : speakerOfClaim || (statement && statement.start <= trigger.at && trigger.at < statement.end) ? 'ALLEGED' : 'REPORTED';
      events.push({
        type: trigger.type,
        summary: sentence.length > 240 ? `${sentence.slice(0, 237).replace(/\s+\S*$/, '')}…` : sentence,
        date: date?.date ?? null,
        datePrecision: date?.precision ?? 'UNKNOWN',
        place,
        status,
        fatalities: trigger.type === 'ASSAULT' ? fatalities : null,
        injuries: trigger.type === 'ASSAULT' ? injuries : null,
        participants,
        start: s.start,
        end: s.end,
        statement: speakerOfClaim ? statement : null,
        confidence: participants.length ? 0.6 : 0.4,
      });
    }
  }
  // An event with no one taking part is most often a word used in passing ("the war", "talks").
  return mergeEvents(events).filter((e) => e.participants.length > 0);
}

/** One happening reported in several sentences: same type, compatible dates, shared participants. */
function mergeEvents(events: ExtractedEvent[]): ExtractedEvent[] {
  const merged: ExtractedEvent[] = [];
  for (const e of events) {
    const names = new Set(e.participants.map((p) => p.actor.name));
    const same = merged.find(
      (m) =>
        m.type === e.type &&
        (m.date == null || e.date == null || m.date === e.date) &&
        (m.participants.length === 0 || e.participants.length === 0 || m.participants.some((p) => names.has(p.actor.name))),
    );
    if (!same) {
      merged.push(e);
      continue;
    }
    same.date ??= e.date;
    if (same.datePrecision === 'UNKNOWN') same.datePrecision = e.datePrecision;
    same.place ??= e.place;
    same.fatalities = Math.max(same.fatalities ?? 0, e.fatalities ?? 0) || null;
    same.injuries = (same.injuries ?? 0) + (e.injuries ?? 0) || null;
    for (const p of e.participants) if (!same.participants.some((q) => q.actor === p.actor && q.role === p.role)) same.participants.push(p);
    if (same.status === 'ALLEGED' && e.status === 'REPORTED') same.status = 'REPORTED';
    same.confidence = Math.min(0.9, same.confidence + 0.1);
  }
  return merged;
}
