import {
  escape,
  COUNTRIES, countryForms, organizationForms, placeForms, type CountryEntry, type OrganizationEntry,
} from './gazetteer.js';
import { normalizeName } from './normalize.js';
import { firstIndex, type TextSpan } from './text.js';

/**
 * The country a text is about at each position: the nearest country named before it as an agent
 * (a name, demonym or capital, not "in X" or "to X"), within 2,000 characters, else the first after it.
 */
export function countryContext(text: string): (at: number) => CountryEntry | null {
  const agents = countryForms
    .matches(text)
    .filter((m) => !/\b(?:in|inside|into|across|throughout|near|to|from|of|over|on)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|central\s+)?$/i.test(text.slice(Math.max(0, m.start - 25), m.start)));
  return (at) => {
    const k = firstIndex(agents.length, (i) => agents[i].start >= at);
    const before = k > 0 && agents[k - 1].end <= at && at - agents[k - 1].end < 2000 ? agents[k - 1] : null;
    return (before ?? agents[k] ?? null)?.form.entry ?? null;
  };
}

export type ActorKind = 'STATE' | 'GOVERNMENT' | 'MILITARY' | 'PERSON' | 'ORGANIZATION' | 'ARMED_GROUP' | 'MEDIA' | 'OTHER';

export interface ExtractedActor {
  name: string;
  kind: ActorKind;
  countryCode: string | null;
  title: string | null;
  /** The name of the actor this one belongs to (a ministry's state). */
  parent: string | null;
  aliases: string[];
  mentions: { start: number; end: number; text: string }[];
  confidence: number;
}

/** One occurrence of an actor in the text. */
export interface ActorMention {
  start: number;
  end: number;
  actor: ExtractedActor;
}

const POSS = `(?:['’]s)?`;
/** Case-insensitive letters, spelled out: the `i` flag would also let \p{Lu} match lower case. */
const ci = (source: string) => source.replace(/\p{L}/gu, (c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`));

/**
 * A capitalized phrase where a country name, alias, demonym or capital may stand; each match is
 * checked against the gazetteer (countryOf). Far faster than an alternation of every country form.
 */
const C = `(\\p{Lu}[\\p{L}.'’-]*(?:\\s+(?:of\\s+(?:the\\s+)?|and\\s+)?\\p{Lu}[\\p{L}.'’-]*){0,4})`;
/** Places that have ministries of their own in the news: "Gaza's health ministry". */
const MINISTRY_PLACES = '(Gaza|the Gaza Strip|West Bank|Kurdistan|Iraqi Kurdistan|Somaliland|Puntland|Transnistria|Abkhazia|South Ossetia|Nagorno-Karabakh|Karabakh)';

const MINISTRIES: [RegExp, string][] = [
  [/^defen[cs]e$/i, 'Defence'],
  [/^(foreign|foreign affairs|external affairs)$/i, 'Foreign Affairs'],
  [/^(interior|home|home affairs|internal affairs)$/i, 'Interior'],
  [/^health$/i, 'Health'],
  [/^justice$/i, 'Justice'],
  [/^finance$/i, 'Finance'],
  [/^(emergency situations|emergencies|emergency)$/i, 'Emergency Situations'],
];
export const MINISTRY_WORDS = 'defence|defense|foreign affairs|foreign|external affairs|interior|home|internal affairs|health|justice|finance|emergency situations|emergencies|emergency|information|culture|education|energy|economy|agriculture|transport|unification|trade|commerce|labour|labor|environment|industry|tourism|communications|public security|state security|immigration|social affairs|religious affairs|local government|planning|transportation|housing|welfare|youth|women|fisheries|science|technology|veterans affairs|economic affairs|home affairs|mines|petroleum|oil|water resources|water';

export function ministryName(word: string): string {
  for (const [re, name] of MINISTRIES) if (re.test(word.trim())) return name;
  // Any other portfolio, in title case: "Unification", "Religious Affairs".
  return word.trim().toLowerCase().replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase());
}

const MILITARY_NOUNS = 'armed forces|army|military|troops|troop|forces|soldiers|soldier|servicemen|serviceman|units|positions|artillery|drones|warplanes|jets|fighter jets|ground forces|military personnel|sappers|snipers';

interface Pattern {
  re: RegExp;
  make(m: RegExpExecArray): { name: string; kind: ActorKind; country: CountryEntry | null; parentIsState?: boolean } | null;
  priority: number;
}

const countryOf = (form: string): CountryEntry | null => countryForms.lookup(form)?.entry ?? countryForms.lookup(form.replace(/['’]s?$/, ''))?.entry ?? null;

const INSTITUTIONS: Pattern[] = [
  {
    // Gaza's health ministry / the Hamas-run health ministry in Gaza
    re: new RegExp(`(?<![\\p{L}])(?:the\\s+)?(?:${MINISTRY_PLACES}${POSS}\\s+(?:[\\p{L}-]+-run\\s+)?(${MINISTRY_WORDS})\\s+ministry|(?:[\\p{L}-]+-run\\s+)?(${MINISTRY_WORDS})\\s+ministry\\s+(?:of|in)\\s+${MINISTRY_PLACES})(?![\\p{L}])`, 'giu'),
    make: (m) => {
      const place = (m[1] ?? m[4]).replace(/^the\s+/i, '').replace(/ Strip$/, '');
      return { name: `Ministry of ${ministryName(m[2] ?? m[3])} of ${place}`, kind: 'GOVERNMENT', country: null };
    },
    priority: 5,
  },
  {
    // The Hamas-run health ministry (Gaza's, by what runs it)
    re: new RegExp(`(?<![\\p{L}])(?:the\\s+)?Hamas-run\\s+(${MINISTRY_WORDS})\\s+ministry(?![\\p{L}])`, 'giu'),
    make: (m) => ({ name: `Ministry of ${ministryName(m[1])} of Gaza`, kind: 'GOVERNMENT', country: null }),
    priority: 5,
  },
  {
    // Armies known by their own names
    re: /(?<![\p{L}])(?:the\s+)?(IDF|Israel Defense Forces|Israeli Defense Forces|FARDC|Tatmadaw|PLA|People's Liberation Army|Sudanese Armed Forces|SAF|Pentagon)(?:['’]s)?(?:\s*\((?:PLA|IDF|SAF)\))?(?:\s+(?:\p{Lu}\p{L}+\s+)?Command)?(?![\p{L}])/gu,
    make: (m) => {
      const which: Record<string, string> = {
        IDF: 'Israel', 'Israel Defense Forces': 'Israel', 'Israeli Defense Forces': 'Israel', FARDC: 'Democratic Republic of the Congo', Tatmadaw: 'Myanmar',
        PLA: 'China', "People's Liberation Army": 'China', 'Sudanese Armed Forces': 'Sudan', SAF: 'Sudan', Pentagon: 'United States',
      };
      const c = COUNTRIES.find((x) => x.name === which[m[1]]) ?? null;
      return c ? { name: `Armed Forces of ${c.name}`, kind: 'MILITARY', country: c } : null;
    },
    priority: 5,
  },
  {
    // Armenia's defence ministry / the Azerbaijani Defence Ministry / Russia's Ministry of Defence
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?${C}${POSS}\\s+(?:(${ci(MINISTRY_WORDS)})\\s+${ci('ministry')}|${ci('ministry')}\\s+${ci('of')}\\s+(${ci(MINISTRY_WORDS)}))(?![\\p{L}])`, 'gu'),
    make: (m) => withCountry(m[1], (c) => ({ name: `Ministry of ${ministryName(m[2] ?? m[3])} of ${c.name}`, kind: 'GOVERNMENT', country: c })),
    priority: 5,
  },
  {
    // Kosovo's interior minister (unnamed): the ministry speaks
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?${C}${POSS}\\s+(${ci(MINISTRY_WORDS)})\\s+${ci('minister')}(?![\\p{L}])(?!,?\\s+\\p{Lu}\\p{Ll})`, 'gu'),
    make: (m) => withCountry(m[1], (c) => ({ name: `Ministry of ${ministryName(m[2])} of ${c.name}`, kind: 'GOVERNMENT', country: c })),
    priority: 4,
  },
  {
    // the ministry of defence of Armenia / the defence ministry in Baku
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?(?:(${ci(MINISTRY_WORDS)})\\s+${ci('ministry')}|${ci('ministry')}\\s+${ci('of')}\\s+(${ci(MINISTRY_WORDS)}))\\s+(?:${ci('of')}|${ci('in')})\\s+(?:${ci('the')}\\s+)?${C}(?![\\p{L}])`, 'gu'),
    make: (m) => withCountry(m[3], (c) => ({ name: `Ministry of ${ministryName(m[1] ?? m[2])} of ${c.name}`, kind: 'GOVERNMENT', country: c })),
    priority: 5,
  },
  {
    // Armenian border guards / Russia's navy / Kosovo police
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?${C}${POSS}\\s+(${ci('border guards|border guard|border service|border troops|navy|naval forces|air force|coast guard|police|parliament|security council|national guard')})(?:\\s+(?:\\p{Lu}\\p{L}+\\s+)?Command)?(?![\\p{L}])`, 'gu'),
    make: (m) =>
      withCountry(m[1], (c) => {
        const what = m[2].toLowerCase();
        if (what.startsWith('border')) return { name: `Border Guard of ${c.name}`, kind: 'MILITARY', country: c };
        if (what === 'navy' || what === 'naval forces') return { name: `Navy of ${c.name}`, kind: 'MILITARY', country: c };
        if (what === 'air force') return { name: `Air Force of ${c.name}`, kind: 'MILITARY', country: c };
        if (what === 'coast guard') return { name: `Coast Guard of ${c.name}`, kind: 'MILITARY', country: c };
        if (what === 'national guard') return { name: `National Guard of ${c.name}`, kind: 'MILITARY', country: c };
        if (what === 'police') return { name: `Police of ${c.name}`, kind: 'GOVERNMENT', country: c };
        if (what === 'parliament') return { name: `Parliament of ${c.name}`, kind: 'GOVERNMENT', country: c };
        return { name: `Security Council of ${c.name}`, kind: 'GOVERNMENT', country: c };
      }),
    priority: 4,
  },
  {
    // Armenian troops / Azerbaijan's armed forces / Azerbaijani positions
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?${C}${POSS}\\s+(${ci(MILITARY_NOUNS)})(?:\\s+(?:\\p{Lu}\\p{L}+\\s+)?Command)?(?![\\p{L}])`, 'gu'),
    make: (m) => withCountry(m[1], (c) => ({ name: `Armed Forces of ${c.name}`, kind: 'MILITARY', country: c })),
    priority: 3,
  },
  {
    // the armed forces of Armenia
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?(${ci('armed forces|army|military|troops|forces')})\\s+${ci('of')}\\s+(?:${ci('the')}\\s+)?${C}(?![\\p{L}])`, 'gu'),
    make: (m) => withCountry(m[2], (c) => ({ name: `Armed Forces of ${c.name}`, kind: 'MILITARY', country: c })),
    priority: 3,
  },
  {
    // the Armenian side / Azerbaijan's government / Russian authorities
    re: new RegExp(`(?<![\\p{L}])(?:${ci('the')}\\s+)?${C}${POSS}\\s+(${ci('side|government|authorities|leadership|officials|administration|strikes|strike|airstrikes|airstrike|air strikes|air strike|bombing|bombardment|attacks|attack|shelling|raids|raid|aggression|occupation|blockade|sanctions|diplomats|leaders|communities')})(?![\\p{L}])`, 'gu'),
    make: (m) => withCountry(m[1], (c) => ({ name: c.name, kind: 'STATE', country: c })),
    priority: 3,
  },
];

function withCountry<T>(form: string, make: (c: CountryEntry) => T): T | null {
  const c = countryOf(form);
  return c ? make(c) : null;
}

const TITLE_WORDS = new Set(
  ('President Vice Prime Minister Foreign Defence Defense Interior Deputy Secretary General Security Council Spokesman Spokeswoman ' +
    'Spokesperson Chief Commander Colonel Col. Gen. Lt. Lieutenant Major Captain Capt. Admiral Adm. Ambassador Envoy Special Representative ' +
    'Governor Mayor Senator Sen. Rep. Speaker Chairman Chairwoman Head Director Army Staff Military Sergeant Sgt. King Queen Prince Emir Crown ' +
    'Sheikh Pope Patriarch Commissioner High UN Mr. Mrs. Ms. Dr. Judge Justice Attorney Prosecutor Supreme Leader Chancellor Premier Marshal ' +
    'Brigadier Brig. Gen Lt.-Gen. Maj. Chief-of-Staff Intelligence Police Commissioner National Adviser Advisor Affairs Health Ministry Official ' +
    'Officer Inspector Sec. First Lady Opposition Leader Information Press Emergency Situations Border Guard Service Minister-Counsellor Cabinet ' +
    'Presidential Aide Assistant Acting Former Ex-President Senior Top Lawmaker MP Member Parliament Parliamentary Regional Provincial District Local House Congressman Congresswoman Representative')
    .split(/\s+/),
);
const NOT_NAMES = new Set(
  ('The A An On In At Of For But And Or If When While Since Under After Before During Both Neither Either He She It They We I You His Her Its Their Our ' +
    'This That These Those There Here However Meanwhile Also Still Yet Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February ' +
    'March April May June July August September October November December Ethnic According Given Despite Although As Among Between Around About ' +
    'Speaking Asked Earlier Later Last Next Some Many Most Several Such Other Another Each Every No Not Now Then Today Tonight Yesterday ' +
    'Western Eastern Northern Southern Central Soviet Union Cold War Islamic Christian Muslim Jewish State States United Nations Council Corridor ' +
    'Hospital University Airport Camp Market Street Village Bridge School Mosque Church Square Road Station Port Base Prison Hotel Centre Center Sector Province District Region City Island Islands Strait Sea River Valley Mountain Mountains Read More Advertisement Photo Video Reuters AFP AP Associated Press Agence France-Presse BBC CNN Live Update Updated Published Editing Reporting Writing')
    .split(/\s+/),
);
const CUE = '(?:said|says|told|added|adding|noted|stated|declared|announced|warned|claimed|insisted|stressed|explained|wrote|tweeted|posted|accused|denied|urged|called|asked|confirmed|according)';

const CUE_BEFORE = new RegExp(`${CUE}\\s*$`, 'i');
const CUE_AFTER = new RegExp(`^\\s*(?:,[^,]{0,60},\\s*)?${CUE}\\b`, 'i');

/**
 * A body named by capitalised words that end in what it is: "Constitutional Court", "Supreme
 * Electoral Tribunal", "National Unity Platform party" is left out (lower-case head).
 */
const NAMED_BODY = /(?<![\p{L}])(?:(\p{Lu}[\p{L}-]*)['’]s\s+)?((?:\p{Lu}[\p{L}.'’-]*\s+){1,4}(?:Court|Tribunal|Commission|Committee|Council|Parliament|Assembly|Party|Front|Movement|Alliance|Authority|Bureau|Observatory|Federation|Coalition|Institute|Foundation|Mission|Command|Platform))(?![\p{L}])/gu;
/** Bodies of a state: named "X of Country" where the text gives the country. */
const STATE_BODY = /(?:Court|Tribunal|Commission|Parliament|Assembly|Council)$/;

/** "the United Nations Interim Force in Lebanon (UNIFIL)": a name in full with its acronym after it. */
const NAMED_WITH_ACRONYM = /(?<![\p{L}])(\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:of|for|and|the|on|in|de|des|du|la|le|to)\s+){0,3}\p{Lu}[\p{L}'’.-]*){1,11})\s+\((\p{Lu}[\p{Lu}\p{N}&.-]{1,11})\)/gu;
const ARMED_GROUP_WORDS = /\b(?:Liberation|Militia|Brigades?|Jihad|Mujahideen|Insurgents?|Rebels?)\b/;

/** People: runs of capitalized words, with a title before them or a reporting verb beside them. */
function findPersons(text: string, sentence: TextSpan): { start: number; end: number; name: string; title: string | null; country: CountryEntry | null }[] {
  const found: { start: number; end: number; name: string; title: string | null; country: CountryEntry | null }[] = [];
  const s = text.slice(sentence.start, sentence.end);
  const run = /(?:\p{Lu}[\p{L}'’.\-]*)(?:\s+(?:(?:al|el|bin|ibn|de|da|van|von|der|du|la|le|di|abu)[\s-])?\p{Lu}[\p{L}'’.\-]*)*/gu;
  for (const m of s.matchAll(run)) {
    let tokens = m[0].split(/\s+/);
    let offset = m.index;
    // Trailing possessive or punctuation belongs to the sentence, not the name.
    const lead: string[] = [];
    let country: CountryEntry | null = null;
    while (tokens.length && (TITLE_WORDS.has(tokens[0].replace(/['’]s$/, '')) || countryOf(tokens[0]))) {
      const t = tokens[0];
      const c = countryOf(t.replace(/['’]s$/, ''));
      if (c && !TITLE_WORDS.has(t)) country = c;
      else lead.push(t);
      offset += t.length + (s.slice(offset + t.length).match(/^\s+/)?.[0].length ?? 0);
      tokens = tokens.slice(1);
    }
    tokens = tokens.map((t) => t.replace(/['’]s$|[.,]$/g, '')).filter(Boolean);
    if (tokens.length === 0 || tokens.length > 4) continue;
    if (tokens.some((t) => NOT_NAMES.has(t) || TITLE_WORDS.has(t) || countryOf(t) || placeForms.lookup(t) || organizationForms.lookup(t))) continue;
    if (tokens.some((t) => t.length < 2 || /^\p{Lu}+$/u.test(t))) continue; // acronyms are organizations, not people
    const name = tokens.join(' ');
    const start = sentence.start + offset;
    const end = start + name.length;
    if (text.slice(start, end) !== name) continue;
    const before = text.slice(Math.max(sentence.start, start - 40), start);
    const after = text.slice(end, Math.min(sentence.end, end + 40));
    const roleBefore = /\b(spokes(?:man|woman|person)|minister|president|commander|chief|head|director|secretary|official|leader|governor|general|ambassador|envoy|colonel|adviser|advisor|analyst|resident|witness|doctor|journalist|activist|researcher|prosecutor|mayor|lawmaker|senator|policeman|policewoman|officer|soldier|candidate|nominee|lawyer|attorney|judge|dictator|businessman|businesswoman|chairman|chairwoman|chairperson|founder|singer|actor|writer|author|economist|professor|coach|player|reporter|editor|blogger|priest|bishop|cleric|imam|rabbi|president-elect|premier|chancellor|speaker|deputy|MP|legislator|congressman|congresswoman|ruler|monarch|warlord|militant|fighter|commissioner|inspector|detective|sergeant|captain|lieutenant|major|admiral|marshal)(?:\s+(?:of|for)\s+[\p{L} ]{2,40})?,?\s*$/iu.exec(before);
    // "Eritrea's Minister of Information, Yemane Gebremeskel": the country of the title.
    if (roleBefore && !country) {
      const owner = /(\p{Lu}[\p{L}-]+)['’]s\s+(?:[\p{L}-]+\s+){0,2}$/u.exec(before.slice(0, roleBefore.index));
      if (owner) country = countryOf(owner[1]);
    }
    const titled = lead.length > 0 || roleBefore != null;
    const nearCue = CUE_BEFORE.test(before.trim()) || CUE_AFTER.test(after);
    const appositive =
      /^,\s+(?:the|a|an|\p{Lu}[\p{L}'’]+(?:['’]s)?\s+(?:\p{Ll}|\p{Lu}))/u.test(after) ||
      /^,\s+(?:\d+,\s+)?(?:[\p{L}'’-]+\s+){0,3}?(?:spokes\w+|minister|president|commander|chief|head|director|secretary|official|leader|governor|general|ambassador|envoy|colonel|adviser|advisor|analyst|resident|witness|doctor|journalist|activist|researcher|professor)\b/iu.test(after);
    if (!(titled || ((nearCue || appositive) && tokens.length >= 2))) continue;
    const title = lead.filter((t) => !/^(Mr|Mrs|Ms|Dr)\.?$/.test(t)).join(' ') || roleBefore?.[1] || null;
    found.push({ start, end, name, title, country });
  }
  return found;
}

/**
 * Merges, in place, actors whose names compare equal (normalizeName), keeping the one with the most
 * mentions and the others' mentions and aliases; returns the map from any actor to the one kept.
 */
export function mergeSameNamed(actors: ExtractedActor[]): (actor: ExtractedActor) => ExtractedActor {
  const kept = new Map<string, ExtractedActor>();
  const into = new Map<ExtractedActor, ExtractedActor>();
  const byMentions = [...actors].sort((a, b) => b.mentions.length - a.mentions.length);
  for (const a of byMentions) {
    const key = normalizeName(a.name);
    const k = kept.get(key) ?? [...kept.values()].find((x) => x.aliases.some((alias) => normalizeName(alias) === key) || a.aliases.some((alias) => normalizeName(alias) === normalizeName(x.name)));
    if (!k) {
      kept.set(key, a);
      continue;
    }
    into.set(a, k);
    for (const m of a.mentions) if (!k.mentions.some((x) => x.start === m.start && x.end === m.end)) k.mentions.push(m);
    k.mentions.sort((x, y) => x.start - y.start);
    for (const alias of [a.name, ...a.aliases]) if (!k.aliases.some((x) => normalizeName(x) === normalizeName(alias))) k.aliases.push(alias);
    k.countryCode ??= a.countryCode;
  }
  for (let i = actors.length - 1; i >= 0; i--) if (into.has(actors[i])) actors.splice(i, 1);
  return (actor) => into.get(actor) ?? actor;
}

/**
 * Every actor the text names, with its mentions. Longer, more specific phrases win over the words
 * inside them: "Armenia's defence ministry" is the ministry, not also Armenia.
 */
export function findActors(text: string, sentencesOfBody: TextSpan[]): { actors: ExtractedActor[]; mentions: ActorMention[] } {
  interface Candidate {
    start: number;
    end: number;
    name: string;
    kind: ActorKind;
    country: CountryEntry | null;
    title?: string | null;
    parentIsState?: boolean;
    priority: number;
    alias?: string;
    /** Holds its span against shorter candidates but is not an actor. */
    drop?: boolean;
  }
  const candidates: Candidate[] = [];
  const acronyms = new Map<string, string>();
  for (const sentence of sentencesOfBody) {
    const s = text.slice(sentence.start, sentence.end);
    for (const p of INSTITUTIONS) {
      const re = p.re;
      const ethnic = (at: number) => /(?:\b[Ee]thnic|\p{Lu}\p{Ll}+(?:ar|an|i|ian))\s+$/u.test(s.slice(Math.max(0, at - 20), at)) && countryOf(/(\p{Lu}\p{Ll}+)\s+$/u.exec(s.slice(Math.max(0, at - 20), at))?.[1] ?? '') !== null
        || /\b[Ee]thnic\s+$/.test(s.slice(Math.max(0, at - 10), at));
      re.lastIndex = 0;
      for (let m = re.exec(s); m; m = re.exec(s)) {
        const made = ethnic(m.index) ? null : p.make(m);
        if (made) candidates.push({ start: sentence.start + m.index, end: sentence.start + m.index + m[0].length, ...made, priority: p.priority });
        // Not a country after all: look again from the next word, which may start the real match.
        else re.lastIndex = m.index + Math.max(1, m[0].search(/\s/) + 1);
      }
    }
    for (const hit of organizationForms.matches(text, sentence.start, sentence.end)) {
      if (hit.end > sentence.end) continue;
      const o: OrganizationEntry = hit.form.entry;
      // A news outlet is an actor where the text cites it, not where someone spoke to it.
      if (o.kind === 'MEDIA') {
        const cited = /^\s*(?:news agency\s+|agency\s+)?(?:reported|said|quoted|cited|says|reports)\b/i.test(text.slice(hit.end, hit.end + 30)) || /\baccording to\s+(?:the\s+)?$/i.test(text.slice(Math.max(0, hit.start - 20), hit.start));
        if (!cited) {
          // Still claims its words: "Agence France-Presse" is not France.
          candidates.push({ start: hit.start, end: hit.end, name: o.name, kind: 'MEDIA', country: null, priority: 2, drop: true });
          continue;
        }
      }
      const c = o.countryCode ? COUNTRIES.find((x) => x.iso3 === o.countryCode) ?? null : null;
      candidates.push({ start: hit.start, end: hit.end, name: o.name, kind: o.kind as ActorKind, country: c, priority: 2 });
    }
    for (const hit of countryForms.matches(text, sentence.start, sentence.end)) {
      if (hit.end > sentence.end) continue;
      // A bare demonym ("Armenian separatists") is not the state.
      if (hit.form.form === 'demonym') continue;
      const before = text.slice(Math.max(sentence.start, hit.start - 30), hit.start);
      // Named only as a place where something happens: not an actor.
      if (/\b(in|inside|across|throughout|within|into|near|border with|borders? of|bordering)\s+(the\s+)?((north|south|east|west)(ern)?|(north|south)-?(east|west)(ern)?|central|eastern|western|southern|northern)?\s*$/i.test(before)) continue;
      candidates.push({ start: hit.start, end: hit.end, name: hit.form.entry.name, kind: 'STATE', country: hit.form.entry, priority: 1 });
    }
    for (const p of findPersons(text, sentence)) {
      candidates.push({ start: p.start, end: p.end, name: p.name, kind: 'PERSON', country: p.country, title: p.title, priority: 2 });
    }
    // A body no gazetteer knows, by its capitalised name; a state's own "of" its country.
    for (const m of s.matchAll(NAMED_BODY)) {
      // Words that open a sentence ("On", "The", "Meanwhile") are not part of the name.
      const skipped = /^(?:(?:The|A|An|On|In|At|Of|For|But|And|Or|If|When|While|After|Before|During|Meanwhile|However|Also|Earlier|Later|Last|Next|This|That)\s+)+/.exec(m[2])?.[0] ?? '';
      const words = m[2].slice(skipped.length).split(/\s+/);
      // A demonym or country first ("Spanish Constitutional Court") says whose body it is.
      const leading = countryOf(words[0]);
      const country = (m[1] ? countryOf(m[1]) : null) ?? leading;
      const bare = (leading ? words.slice(1) : words).join(' ');
      if (bare.split(' ').length < 2 || organizationForms.lookup(bare) || organizationForms.lookup(m[2])) continue;
      // A military command keeps its own name, country and all: "U.S. Central Command".
      const command = /Command$/.test(bare) && country != null;
      const name = command ? words.join(' ') : country && STATE_BODY.test(bare) ? `${bare} of ${country.name}` : bare;
      const start = sentence.start + m.index + (m[0].length - m[2].length) + skipped.length + (leading && !command ? words[0].length + 1 : 0);
      const kind: ActorKind = command ? 'MILITARY' : STATE_BODY.test(bare) && country ? 'GOVERNMENT' : ARMED_GROUP_WORDS.test(bare) ? 'ARMED_GROUP' : 'ORGANIZATION';
      candidates.push({ start: m[1] && country ? sentence.start + m.index : start, end: sentence.start + m.index + m[0].length, name, kind, country: STATE_BODY.test(bare) || command ? country : null, priority: 1 });
    }
    // An organisation no gazetteer knows, named in full with its acronym: an actor of its own, never
    // folded into a known one whose name it contains ("United Nations" in UNIFIL's).
    for (const m of s.matchAll(NAMED_WITH_ACRONYM)) {
      // "Guatemala's Supreme Electoral Tribunal (TSE)": the country is not part of the name.
      const name = m[1].replace(/^The\s+/, '').replace(/^\p{Lu}[\p{L}-]*['’]s\s+/u, '');
      const acronym = m[2];
      // The acronym's letters are the name's initials, in any order ("TSE" for a Spanish name's English form).
      const initials = new Set(name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]));
      if (name.split(/\s+/).length < 2 || ![...acronym.replace(/[^\p{Lu}]/gu, '')].every((c) => initials.has(c)) || organizationForms.lookup(acronym) || organizationForms.lookup(name) || countryOf(name)) continue;
      const start = sentence.start + m.index + (m[1].length - name.length);
      const kind: ActorKind = ARMED_GROUP_WORDS.test(name) ? 'ARMED_GROUP' : 'ORGANIZATION';
      candidates.push({ start, end: start + name.length, name, kind, country: null, priority: 3 });
      const at = sentence.start + m.index + m[0].length - acronym.length - 1;
      candidates.push({ start: at, end: at + acronym.length, name, kind, country: null, priority: 3 });
      acronyms.set(acronym, name);
    }
    // "Nagorno-Karabakh authorities", "Donetsk separatists"
    for (const hit of placeForms.matches(text, sentence.start, sentence.end)) {
      const after = /^\s+(authorities|officials|administration|separatists|rebels)\b/i.exec(text.slice(hit.end, sentence.end));
      if (!after) continue;
      const what = after[1].toLowerCase();
      const group = what === 'separatists' || what === 'rebels';
      candidates.push({
        start: hit.start,
        end: hit.end + after[0].length,
        name: `${hit.form.entry.name} ${group ? 'separatists' : 'authorities'}`,
        kind: group ? 'ARMED_GROUP' : 'GOVERNMENT',
        country: null,
        priority: 4,
      });
    }
  }

  // Longest (then most specific) first; a candidate inside a kept one is dropped.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  // The kept ones never overlap, so in start order their ends ascend too: a binary search finds the
  // one neighbour an overlap could be with (a text of thousands of names stays n log n).
  let kept: Candidate[] = [];
  for (const c of candidates) {
    const lo = firstIndex(kept.length, (i) => kept[i].end > c.start);
    if (lo < kept.length && kept[lo].start < c.end) continue;
    kept.splice(lo, 0, c);
  }
  kept = kept.filter((k) => !k.drop);

  // People named by surname alone after their full name.
  // Each trailing part of a full name ("Smith", "Van Smith") leads to the first full name it ends.
  const fullNames = new Map<string, string>();
  for (const p of kept) {
    if (p.kind !== 'PERSON') continue;
    const words = p.name.split(' ');
    for (let k = 1; k < words.length; k++) {
      const tail = words.slice(k).join(' ');
      if (!fullNames.has(tail)) fullNames.set(tail, p.name);
    }
  }
  const byName = new Map<string, ExtractedActor>();
  const mentions: ActorMention[] = [];
  const actorFor = (c: Candidate): ExtractedActor => {
    let name = c.name;
    if (c.kind === 'PERSON') {
      name = fullNames.get(name) ?? name;
    }
    let actor = byName.get(name);
    if (!actor) {
      actor = {
        name,
        kind: c.kind,
        countryCode: c.country?.iso3 ?? null,
        title: c.title ?? null,
        parent: c.kind !== 'STATE' && c.country && c.kind !== 'ARMED_GROUP' && c.kind !== 'ORGANIZATION' && c.kind !== 'MEDIA' ? c.country.name : null,
        aliases: [],
        mentions: [],
        confidence: c.kind === 'PERSON' ? (c.title ? 0.85 : 0.7) : 0.9,
      };
      byName.set(name, actor);
    }
    if (!actor.title && c.title) actor.title = c.title;
    if (!actor.countryCode && c.country) {
      actor.countryCode = c.country.iso3;
      if (actor.kind === 'PERSON') actor.parent = c.country.name;
    }
    return actor;
  };
  for (const c of kept) {
    const actor = actorFor(c);
    const surface = text.slice(c.start, c.end);
    actor.mentions.push({ start: c.start, end: c.end, text: surface });
    const alias = surface.replace(/^the\s+/i, '');
    if (!actor.aliases.includes(alias)) actor.aliases.push(alias);
    mentions.push({ start: c.start, end: c.end, actor });
  }
  // Surnames of known people, where the gazetteers did not already claim the word.
  for (const person of [...byName.values()].filter((a) => a.kind === 'PERSON' && a.name.includes(' '))) {
    const surname = person.name.split(' ').at(-1)!;
    const re = new RegExp(`(?<![\\p{L}])${escape(surname)}(?![\\p{L}])`, 'gu');
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + surname.length;
      if (mentions.some((x) => start < x.end && x.start < end)) continue;
      if (!sentencesOfBody.some((s) => s.start <= start && end <= s.end)) continue;
      person.mentions.push({ start, end, text: surname });
      mentions.push({ start, end, actor: person });
    }
  }
  // Acronyms on their own, once tied to their full name.
  for (const [acronym, name] of acronyms) {
    const actor = byName.get(name);
    if (!actor) continue;
    if (!actor.aliases.includes(acronym)) actor.aliases.push(acronym);
    for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])${escape(acronym)}(?![\\p{L}])`, 'gu'))) {
      const start = m.index;
      const end = start + acronym.length;
      if (mentions.some((x) => start < x.end && x.start < end)) continue;
      if (!sentencesOfBody.some((s) => s.start <= start && end <= s.end)) continue;
      actor.mentions.push({ start, end, text: acronym });
      mentions.push({ start, end, actor });
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  for (const a of byName.values()) a.mentions.sort((x, y) => x.start - y.start);
  // A state is an actor of the article through its own mentions or through its institutions.
  for (const a of [...byName.values()]) {
    if (a.parent && !byName.has(a.parent) && a.kind !== 'PERSON') {
      // Parents are kept as actors only when named; the link is still recorded by name.
    }
  }
  return { actors: [...byName.values()], mentions };
}
