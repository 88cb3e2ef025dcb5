/**
 * Deterministic generator of realistic newsgraph data for benchmarks (bench/load-data.ts loads it).
 *
 * Everything comes from seeded PRNGs (mulberry32), one stream per phase, so the same size always
 * gives byte-identical rows, whatever order the phases are read in. Articles are produced one at a
 * time (`articles()` is a generator) with their mentions, statements, events, participants and
 * reports: memory stays bounded by the actor/place tables plus a small window of recent events.
 *
 *   tsx bench/generate.ts --size small [--hash] [--sample N]
 *   (--hash prints a sha256 over every generated row; --sample prints N articles as JSON)
 */
import { createHash } from 'node:crypto';
import { normalizeName } from '../server/extraction/normalize.js';

export type Size = 'small' | 'medium' | 'large';
export const SIZES: Record<Size, { articles: number; actors: number; events: number; statements: number }> = {
  small: { articles: 1_000, actors: 500, events: 3_000, statements: 10_000 },
  medium: { articles: 10_000, actors: 5_000, events: 30_000, statements: 100_000 },
  large: { articles: 100_000, actors: 20_000, events: 300_000, statements: 1_000_000 },
};

export type ActorKind = 'STATE' | 'GOVERNMENT' | 'MILITARY' | 'PERSON' | 'ORGANIZATION' | 'ARMED_GROUP' | 'MEDIA' | 'OTHER';
export type PlaceKind = 'COUNTRY' | 'REGION' | 'DISTRICT' | 'CITY' | 'SITE' | 'OTHER';
export const EVENT_TYPES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'OTHER',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Dates are epoch milliseconds (UTC); the loader formats them per database. */
export interface SourceRow { id: number; name: string; domain: string | null; createdAt: number }
export interface PlaceRow { id: number; name: string; kind: PlaceKind; countryCode: string | null; latitude: number | null; longitude: number | null; parentId: number | null }
export interface AliasRow { id: number; ownerId: number; text: string; normalized: string }
export interface ActorRow { id: number; name: string; kind: ActorKind; countryCode: string | null; title: string | null; parentId: number | null; createdAt: number; updatedAt: number }
export interface ArticleRow { id: number; url: string | null; title: string | null; publishedAt: number | null; dateline: string | null; body: string; language: string; contentHash: string; sourceId: number | null; ingestedAt: number; extractorVersion: string }
export interface MentionRow { id: number; articleId: number; actorId: number; start: number; end: number; text: string }
export interface StatementRow { id: number; articleId: number; speakerId: number | null; quote: string; kind: 'DIRECT' | 'INDIRECT' | 'MIXED'; cue: string | null; start: number; end: number; confidence: number; eventId: number | null; createdAt: number }
export interface EventRow { id: number; type: EventType; summary: string; date: number | null; datePrecision: 'DAY' | 'MONTH' | 'YEAR' | 'UNKNOWN'; placeId: number | null; fatalities: number | null; injuries: number | null; status: 'REPORTED' | 'ALLEGED' | 'DENIED'; confidence: number; createdAt: number }
export interface ParticipantRow { id: number; eventId: number; actorId: number; role: 'SOURCE' | 'TARGET' | 'OTHER' }
export interface ReportRow { id: number; eventId: number; articleId: number; statementId: number | null; start: number; end: number }
/** One article and everything derived from it, in foreign-key order: events before the statements and reports that point at them. */
export interface ArticleBundle { article: ArticleRow; events: EventRow[]; participants: ParticipantRow[]; statements: StatementRow[]; reports: ReportRow[]; mentions: MentionRow[] }

// ---------------------------------------------------------------------------------------------
// PRNG

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

class Rng {
  readonly next: () => number;
  constructor(seed: string) { this.next = mulberry32(seedOf(seed)); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(list: readonly T[]): T { return list[Math.floor(this.next() * list.length)]; }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
}

/** Zipf(s) over ranks 0..n-1 by binary search in the cumulative weights. */
class Zipf {
  private cdf: Float64Array;
  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) this.cdf[r] = sum += 1 / Math.pow(r + 1, s);
    for (let r = 0; r < n; r++) this.cdf[r] /= sum;
  }
  sample(rng: Rng): number {
    const x = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data (copied from server/extraction/data so that the generated data does not change when the gazetteers do)

/** iso3|name|demonym|capital */
const COUNTRY_DATA =
  'UKR|Ukraine|Ukrainian|Kyiv;RUS|Russia|Russian|Moscow;ISR|Israel|Israeli|Jerusalem;PSE|Palestine|Palestinian|Ramallah;LBN|Lebanon|Lebanese|Beirut;SYR|Syria|Syrian|Damascus;IRQ|Iraq|Iraqi|Baghdad;IRN|Iran|Iranian|Tehran;YEM|Yemen|Yemeni|Sanaa;SAU|Saudi Arabia|Saudi|Riyadh;ARE|United Arab Emirates|Emirati|Abu Dhabi;QAT|Qatar|Qatari|Doha;EGY|Egypt|Egyptian|Cairo;LBY|Libya|Libyan|Tripoli;SDN|Sudan|Sudanese|Khartoum;SSD|South Sudan|South Sudanese|Juba;ETH|Ethiopia|Ethiopian|Addis Ababa;ERI|Eritrea|Eritrean|Asmara;SOM|Somalia|Somali|Mogadishu;KEN|Kenya|Kenyan|Nairobi;COD|Democratic Republic of the Congo|Congolese|Kinshasa;RWA|Rwanda|Rwandan|Kigali;UGA|Uganda|Ugandan|Kampala;NGA|Nigeria|Nigerian|Abuja;NER|Niger|Nigerien|Niamey;MLI|Mali|Malian|Bamako;BFA|Burkina Faso|Burkinabe|Ouagadougou;TCD|Chad|Chadian|N\'Djamena;CMR|Cameroon|Cameroonian|Yaounde;CAF|Central African Republic|Central African|Bangui;MOZ|Mozambique|Mozambican|Maputo;ARM|Armenia|Armenian|Yerevan;AZE|Azerbaijan|Azerbaijani|Baku;GEO|Georgia|Georgian|Tbilisi;TUR|Turkey|Turkish|Ankara;IND|India|Indian|New Delhi;PAK|Pakistan|Pakistani|Islamabad;AFG|Afghanistan|Afghan|Kabul;BGD|Bangladesh|Bangladeshi|Dhaka;MMR|Myanmar|Burmese|Naypyidaw;THA|Thailand|Thai|Bangkok;CHN|China|Chinese|Beijing;TWN|Taiwan|Taiwanese|Taipei;PRK|North Korea|North Korean|Pyongyang;KOR|South Korea|South Korean|Seoul;JPN|Japan|Japanese|Tokyo;PHL|Philippines|Filipino|Manila;VNM|Vietnam|Vietnamese|Hanoi;USA|United States|American|Washington;GBR|United Kingdom|British|London;FRA|France|French|Paris;DEU|Germany|German|Berlin;POL|Poland|Polish|Warsaw;SRB|Serbia|Serbian|Belgrade;XKX|Kosovo|Kosovar|Pristina;BLR|Belarus|Belarusian|Minsk;MDA|Moldova|Moldovan|Chisinau;COL|Colombia|Colombian|Bogota;VEN|Venezuela|Venezuelan|Caracas;MEX|Mexico|Mexican|Mexico City;HTI|Haiti|Haitian|Port-au-Prince';

const RIVALS: [string, string][] = [
  ['UKR', 'RUS'], ['ISR', 'PSE'], ['ISR', 'LBN'], ['ISR', 'IRN'], ['ARM', 'AZE'], ['IND', 'PAK'], ['CHN', 'TWN'],
  ['SDN', 'SSD'], ['ETH', 'ERI'], ['COD', 'RWA'], ['SRB', 'XKX'], ['PRK', 'KOR'], ['USA', 'CHN'], ['USA', 'IRN'],
  ['SAU', 'YEM'], ['RUS', 'GEO'], ['AFG', 'PAK'], ['MMR', 'BGD'], ['TUR', 'SYR'], ['IRQ', 'IRN'], ['MLI', 'NER'],
  ['BFA', 'MLI'], ['TCD', 'SDN'], ['SOM', 'KEN'], ['UGA', 'COD'], ['CHN', 'PHL'], ['VEN', 'COL'], ['BLR', 'POL'],
  ['MDA', 'RUS'], ['EGY', 'ETH'], ['LBY', 'EGY'], ['JPN', 'PRK'], ['GBR', 'RUS'], ['FRA', 'NER'], ['DEU', 'RUS'],
];

/** name|R(egion)/D(istrict)/C(ity)/S(ite)|iso3|lat|lon */
const PLACE_DATA = "Abkhazia|R|GEO|43.1|41.2;Aden|C|YEM|12.79|45.04;Afar|R|ETH|11.8|41;Agdam|D|AZE|39.99|46.93;Al-Aqsa Mosque|S|PSE|31.78|35.24;Al-Hol camp|S|SYR|36.38|41.15;Al-Shifa Hospital|S|PSE|31.52|34.44;Aleppo|C|SYR|36.2|37.16;Artibonite|R|HTI|19.2|-72.5;Ashkelon|C|ISR|31.67|34.57;Axum|C|ETH|14.12|38.72;Azad Kashmir|R|PAK|33.9|73.8;Bahawalpur|C|PAK|29.4|71.68;Bahir Dar|C|ETH|11.59|37.39;Bakhmut|C|UKR|48.59|38;Balochistan|R|PAK|28.5|65.5;Barda|C|AZE|40.37|47.13;Barsalogho|C|BFA|13.42|-1.06;Beit Hanoun|C|PSE|31.54|34.54;Beit Lahia|C|PSE|31.55|34.5;Belgorod|C|RUS|50.6|36.59;Belgorod Oblast|R|RUS|50.7|37.4;Beni|C|COD|0.49|29.47;Bethlehem|C|PSE|31.7|35.2;Borno|R|NGA|11.5|13;Bryansk|C|RUS|53.24|34.36;Bucha|C|UKR|50.54|30.22;Bukavu|C|COD|-2.51|28.86;Bunia|C|COD|1.56|30.25;Bushehr|C|IRN|28.97|50.84;Buthidaung|C|MMR|20.87|92.53;Cabo Delgado|R|MOZ|-12.3|39.6;Chasiv Yar|C|UKR|48.59|37.84;Chernihiv|C|UKR|51.49|31.29;Cite Soleil|D|HTI|18.58|-72.33;Crimea|R|UKR|45.3|34.4;Dahiyeh|D|LBN|33.85|35.51;Daraa|C|SYR|32.62|36.1;Deir al-Balah|C|PSE|31.42|34.35;Deir ez-Zor|C|SYR|35.33|40.14;Djibo|C|BFA|14.1|-1.63;Dnipro|C|UKR|48.46|35.05;Donetsk|C|UKR|48|37.8;Donetsk Oblast|R|UKR|48.2|37.7;El Fasher|C|SDN|13.63|25.35;El Geneina|C|SDN|13.45|22.45;Enerhodar|C|UKR|47.5|34.65;Erbil|C|IRQ|36.19|44.01;Fordow|S|IRN|34.88|50.99;Fujian|R|CHN|26|118;Ganja|C|AZE|40.68|46.36;Gao|C|MLI|16.27|-0.04;Gaza Strip|R|PSE|31.42|34.38;Gegharkunik|R|ARM|40.3|45.3;Gilgit-Baltistan|R|PAK|35.8|75;Golan Heights|R|SYR|33|35.75;Gondar|C|ETH|12.6|37.47;Goris|C|ARM|39.51|46.34;Haifa|C|ISR|32.79|34.99;Hama|C|SYR|35.13|36.75;Hodeidah|C|YEM|14.8|42.95;Homs|C|SYR|34.73|36.72;Idlib|C|SYR|35.93|36.63;Ijevan|C|ARM|40.88|45.15;Isfahan|C|IRN|32.65|51.67;Ituri|R|COD|1.6|29.6;Jabalia|C|PSE|31.53|34.48;Jabrayil|D|AZE|39.4|47.03;Jammu and Kashmir|R|IND|33.5|75;Jarinje|S|XKX|43.16|20.76;Jericho|C|PSE|31.86|35.46;Jermuk|C|ARM|39.84|45.67;Kadugli|C|SDN|11.01|29.72;Kakhovka Dam|S|UKR|46.78|33.37;Karachi|C|PAK|24.86|67.01;Karen State|R|MMR|17|97.8;Kelbajar|D|AZE|40.1|46.04;Kenscoff|C|HTI|18.45|-72.28;Kfar Aza|C|ISR|31.48|34.53;Khan Younis|C|PSE|31.34|34.31;Kharkiv Oblast|R|UKR|49.5|36.5;Khartoum North|C|SDN|15.64|32.56;Kherson|C|UKR|46.64|32.61;Kherson Oblast|R|UKR|46.7|33.5;Kidal|C|MLI|18.44|1.41;Kinmen|D|TWN|24.45|118.38;Kiryat Shmona|C|ISR|33.21|35.57;Kismayo|C|SOM|-0.36|42.55;Kordofan|R|SDN|13|30;Kotli|C|PAK|33.52|73.9;Kupiansk|C|UKR|49.71|37.61;Kurdistan Region|R|IRQ|36.4|44.4;Kursk Oblast|R|RUS|51.5|35.9;Lachin|D|AZE|39.64|46.55;Ladakh|R|IND|34.2|77.6;Lahore|C|PAK|31.55|74.34;Lashio|C|MMR|22.93|97.75;Latakia|C|SYR|35.52|35.78;Luhansk|C|UKR|48.57|39.31;Luhansk Oblast|R|UKR|48.8|39;Lysychansk|C|UKR|48.9|38.43;Maghazi|C|PSE|31.42|34.38;Manbij|C|SYR|36.53|37.95;Mandalay|C|MMR|21.97|96.08;Mariupol|C|UKR|47.1|37.55;Martakert|C|AZE|40.21|46.81;Matsu|D|TWN|26.15|119.93;Maungdaw|C|MMR|20.82|92.37;Melitopol|C|UKR|46.85|35.37;Menaka|C|MLI|15.92|2.4;Mirebalais|C|HTI|18.83|-72.1;Misrata|C|LBY|32.38|15.09;Mokha|C|YEM|13.32|43.25;Mopti|C|MLI|14.49|-4.2;Muridke|C|PAK|31.8|74.26;Muzaffarabad|C|PAK|34.37|73.47;Mykolaiv|C|UKR|46.97|32;Nabatieh|C|LBN|33.38|35.48;Nagorno-Karabakh|R|AZE|39.9|46.7;Nakhchivan|R|AZE|39.2|45.4;Netzarim Corridor|S|PSE|31.45|34.4;Nir Oz|C|ISR|31.31|34.4;North Kivu|R|COD|-0.7|29;North Kordofan|R|SDN|14|30;North Waziristan|D|PAK|32.95|70;Nova Kakhovka|C|UKR|46.76|33.37;Nuseirat|C|PSE|31.45|34.39;Nyala|C|SDN|12.05|24.88;Omdurman|C|SDN|15.64|32.48;Oromia|R|ETH|7.5|39.5;Palma|C|MOZ|-10.78|40.47;Peshawar|C|PAK|34.01|71.58;Philadelphi Corridor|S|PSE|31.26|34.25;Pokrovsk|C|UKR|48.28|37.18;Port Sudan|C|SDN|19.62|37.22;Pulwama|D|IND|33.87|74.9;Puntland|R|SOM|8.5|49;Qamishli|C|SYR|37.05|41.22;Quetta|C|PAK|30.18|67;Rafah|C|PSE|31.29|34.25;Rajouri|D|IND|33.38|74.31;Rakhine|R|MMR|20|93.5;Robotyne|C|UKR|47.44|35.84;Rutshuru|D|COD|-1.19|29.45;Sagaing|R|MMR|24|95.5;Sake|C|COD|-1.57|29.04;Sennar|C|SDN|13.55|33.6;Sevastopol|C|UKR|44.6|33.52;Shejaiya|D|PSE|31.5|34.48;Shire|C|ETH|14.1|38.28;Sidon|C|LBN|33.56|35.37;Sievierodonetsk|C|UKR|48.95|38.49;Sirte|C|LBY|31.21|16.59;Sittwe|C|MMR|20.15|92.9;Snake Island|S|UKR|45.26|30.2;Somaliland|R|SOM|9.5|45;South Kivu|R|COD|-3|28.3;South Kordofan|R|SDN|11|30;South Ossetia|R|GEO|42.3|44;Srinagar|C|IND|34.08|74.8;Sudzha|C|RUS|51.19|35.27;Suez Canal|S|EGY|30.5|32.35;Sumy Oblast|R|UKR|51|34;Sweida|C|SYR|32.71|36.57;Taiz|C|YEM|13.58|44.02;Tartar|D|AZE|40.34|46.93;Tel Aviv|C|ISR|32.08|34.78;Tigray|R|ETH|14|39;Timbuktu|C|MLI|16.77|-3.01;Tinzaouaten|C|MLI|19.96|2.96;Transnistria|R|MDA|47.25|29.3;Tulkarem|C|PSE|32.31|35.03;Uri|C|IND|34.08|74.03;Uvira|C|COD|-3.39|29.14;Vuhledar|C|UKR|47.78|37.25;Wad Madani|C|SDN|14.4|33.52;West Darfur|R|SDN|13.2|22.6;West Kordofan|R|SDN|11.5|28";
const ORG_DATA = "ACLED|Armed Conflict Location & Event Data Project|;African Union|AU|;Alliance of Sahel States|AES|;Ambrey|Ambrey Analytics|;Amnesty International|Amnesty|;Arab League|League of Arab States|;ASEAN|Association of Southeast Asian Nations|;BRICS||;CARICOM|Caribbean Community|;Collective Security Treaty Organization|CSTO|;Committee to Protect Journalists|CPJ|;Commonwealth of Independent States|CIS|;Council of Europe||;Doctors Without Borders|MSF|;East African Community|EAC|;ECOWAS|Economic Community of West African States|;Emergency Response Rooms|Emergency Response Room|;EU Mission in Armenia|EUMA|;Eurasian Economic Union|EAEU|;European Commission|EU Commission|;European Council||;European Court of Human Rights|ECHR|;European Parliament|EU Parliament|;European Union|EU|;Food and Agriculture Organization|FAO|;G20|G-20|;G7|G-7|;Gulf Cooperation Council|GCC|;Human Rights Watch|HRW|;IGAD|Intergovernmental Authority on Development|;Institute for the Study of War|ISW|;International Atomic Energy Agency|IAEA|;International Committee of the Red Cross|ICRC|;International Court of Justice|ICJ|;International Criminal Court|ICC|;International Crisis Group|Crisis Group|;International Federation of Red Cross and Red Crescent Societies|IFRC|;International Monetary Fund|IMF|;International Organization for Migration|IOM|;International Rescue Committee|IRC|;Interpol|International Criminal Police Organization|;MONUSCO|United Nations Organization Stabilization Mission in the Democratic Republic of the Congo|;NATO|North Atlantic Treaty Organization|;Norwegian Refugee Council|NRC|;OCHA|UN Office for the Coordination of Humanitarian Affairs|;OPEC|Organization of the Petroleum Exporting Countries|;Organisation of Islamic Cooperation|OIC|;Organization of American States|OAS|;OSCE|Organization for Security and Co-operation in Europe|;OSCE Minsk Group|Minsk Group|;Oxfam|Oxfam International|;Palestine Red Crescent Society|Palestinian Red Crescent|;Red Crescent|Red Crescent Society|;Reporters Without Borders|Reporters Sans Frontières|;Save the Children||;Shanghai Cooperation Organisation|SCO|;Southern African Development Community|SADC|;Syrian Observatory for Human Rights|SOHR|;UN Development Programme|UNDP|;UN General Assembly|United Nations General Assembly|;UN Human Rights Council|United Nations Human Rights Council|;UN Human Rights Office|OHCHR|;UN Population Fund|UNFPA|;UN Security Council|United Nations Security Council|;UNESCO|United Nations Educational, Scientific and Cultural Organization|;UNHCR|United Nations High Commissioner for Refugees|;UNICEF|United Nations Children's Fund|;UNIFIL|United Nations Interim Force in Lebanon|;United Nations|UN|;UNRWA|United Nations Relief and Works Agency|;World Bank|World Bank Group|;World Central Kitchen|WCK|;World Food Programme|WFP|;World Health Organization|WHO|;World Trade Organization|WTO|";
const ARMED_GROUP_DATA = "Africa Corps|Russian Africa Corps|RUS;Al-Aqsa Martyrs' Brigades|al-Aqsa Martyrs' Brigades|;al-Qaeda|Al-Qaeda|;al-Qaeda in the Arabian Peninsula|al-Qaeda in the Arabian peninsula|;al-Shabaab|Al-Shabaab|;Allied Democratic Forces|ADF|;Arakan Army||;Baloch Liberation Army|BLA|;Boko Haram||;CODECO|Cooperative for the Development of Congo|;Fano|Fano militia|;FDLR|Democratic Forces for the Liberation of Rwanda|;Freedom of Russia Legion|Legion of Free Russia|;G9|G9 an Fanmi e Alye|;Gran Grif||;Hamas|Islamic Resistance Movement|;Hayat Tahrir al-Sham|HTS|;Hezbollah|Hizbollah|;Houthis|Houthi|;Islamic Jihad|Palestinian Islamic Jihad|;Islamic Resistance in Iraq||;Islamic State|Islamic state|;Islamic State Khorasan Province|Islamic State Khorasan province|;Islamic State Sahel Province|Islamic State Sahel province|;Islamic State West Africa Province|Islamic State West Africa province|;Jaish-e-Mohammed|JeM|;JNIM|Jama'at Nusrat al-Islam wal-Muslimin|;Kachin Independence Army|KIA|;Karen National Union|KNU|;Kataib Hezbollah|Kata'ib Hezbollah|;Lashkar-e-Taiba|LeT|;M23|March 23 Movement|;Myanmar National Democratic Alliance Army|MNDAA|;National Liberation Army|ELN|;Oromo Liberation Army|OLA|;Pakistani Taliban|TTP|;People's Defence Force|PDF|;PKK|Kurdistan Workers' Party|;Polisario Front|Polisario|;Popular Mobilization Forces|PMF|IRQ;Rapid Support Forces|RSF|SDN;Russian Volunteer Corps|RDK|;SPLM-N|Sudan People's Liberation Movement-North|;Syrian Democratic Forces|SDF|;Syrian National Army|SNA|;Ta'ang National Liberation Army|TNLA|;Taliban|Afghan Taliban|;The Resistance Front|the Resistance Front|;Three Brotherhood Alliance|Brotherhood Alliance|;Tigray Defence Forces|TDF|;Tigray People's Liberation Front|TPLF|;Viv Ansanm|Vivre Ensemble|;Wagner Group|Wagner|;Wazalendo||;YPG|People's Protection Units|";
const MEDIA_DATA = "AFP|Agence France-Presse|;Al Arabiya|Al-Arabiya|;Al Jazeera|Al-Jazeera|;Al Mayadeen|Al-Mayadeen|;Al-Manar|al-Manar|;Al-Masirah|al-Masirah|;Anadolu|Anadolu Agency|;APA|Azeri Press Agency|;Armenpress|ArmenPress|;Asian News International|ANI|;Associated Press|AP|;Associated Press of Pakistan|APP|;Axios||;BBC|British Broadcasting Corporation|;Bloomberg|Bloomberg News|;CCTV|China Central Television|;CNN||;Fars|Fars News Agency|;Financial Times|FT|;Global Times||;Haaretz||;Interfax|Interfax news agency|;IRNA|Islamic Republic News Agency|;KCNA|Korean Central News Agency|;Kyiv Independent|The Kyiv Independent|;Kyodo|Kyodo News|;Mehr|Mehr News Agency|;New York Times|The New York Times|;News.am||;Press Trust of India|PTI|;Press TV|PressTV|;Radio Okapi||;Reuters|Reuters news agency|;RIA Novosti|RIA|;RT|Russia Today|;Saba|Saba News Agency|;SANA|Syrian Arab News Agency|;Sky News||;Sputnik|Sputnik News|;Sudan Tribune||;Tasnim|Tasnim News Agency|;TASS|Tass|;The Guardian|the Guardian|;Times of Israel|The Times of Israel|;Ukrainska Pravda||;Ukrinform||;WAFA|Wafa|;Wall Street Journal|The Wall Street Journal|;Washington Post|The Washington Post|;Xinhua|Xinhua News Agency|;Yonhap|Yonhap News Agency|";

/** Outlets of the Source table: name|domain */
const SOURCE_DATA =
  'Reuters|reuters.com;Associated Press|apnews.com;AFP|afp.com;Al Jazeera|aljazeera.com;BBC|bbc.com;CNN|cnn.com;The Guardian|theguardian.com;New York Times|nytimes.com;Washington Post|washingtonpost.com;Wall Street Journal|wsj.com;Financial Times|ft.com;Bloomberg|bloomberg.com;Axios|axios.com;Sky News|news.sky.com;Times of Israel|timesofisrael.com;Haaretz|haaretz.com;Kyiv Independent|kyivindependent.com;Ukrainska Pravda|pravda.com.ua;Ukrinform|ukrinform.net;TASS|tass.com;Interfax|interfax.com;RIA Novosti|ria.ru;Xinhua|xinhuanet.com;Global Times|globaltimes.cn;Yonhap|en.yna.co.kr;Kyodo|english.kyodonews.net;Anadolu|aa.com.tr;Al Arabiya|english.alarabiya.net;IRNA|irna.ir;Tasnim|tasnimnews.com;Press TV|presstv.ir;WAFA|english.wafa.ps;SANA|sana.sy;Armenpress|armenpress.am;APA|apa.az;News.am|news.am;Press Trust of India|ptinews.com;Asian News International|aninews.in;Dawn|dawn.com;Sudan Tribune|sudantribune.com;Radio Okapi|radiookapi.net;Voice of America|voanews.com;RFE/RL|rferl.org;Deutsche Welle|dw.com;France 24|france24.com;Euronews|euronews.com;The Irrawaddy|irrawaddy.com;Addis Standard|addisstandard.com;Balkan Insight|balkaninsight.com;Kathimerini|ekathimerini.com';

interface Country { iso3: string; name: string; demonym: string; capital: string }
const COUNTRIES: Country[] = COUNTRY_DATA.split(';').map((s) => {
  const [iso3, name, demonym, capital] = s.split('|');
  return { iso3, name, demonym, capital };
});
const COUNTRY_BY_ISO = new Map(COUNTRIES.map((c) => [c.iso3, c]));

const FIRST_A = ['Ar', 'Ma', 'Le', 'Vi', 'Sa', 'Da', 'Ni', 'Ka', 'Ha', 'Yu', 'Ol', 'Ta', 'Ro', 'Mi', 'Al', 'Fa', 'Za', 'Ib', 'Na', 'Se', 'Go', 'Be', 'El', 'Ju', 'Pa', 'Ra', 'Te', 'Lu'];
const FIRST_B = ['men', 'rat', 'na', 'ktor', 'mir', 'vid', 'kola', 'rim', 'san', 'ri', 'ga', 'ras', 'man', 'hail', 'i', 'tima', 'hra', 'rahim', 'dia', 'rgei', 'ran', 'la', 'ena', 'lia', 'vel', 'fael', 'o', 'cas'];
const LAST_A = ['Gri', 'Ka', 'Pet', 'Mol', 'Ha', 'Al', 'Ne', 'Zel', 'Bar', 'Ko', 'Sha', 'Ta', 'Ve', 'Ri', 'Ok', 'Mu', 'De', 'Lo', 'Sto', 'Fer', 'Na', 'Ib', 'Che', 'Wa', 'Jo', 'Ba'];
const LAST_B = ['go', 'li', 'ro', 'sa', 'me', 'dra', 'ven', 'ku', 'ha', 'ran', 'bi', 'lo', 'mo', 'ta', 'ne', 'ra'];
const LAST_C = ['ryan', 'yev', 'enko', 'ski', 'di', 'rez', 'hani', 'nu', 'son', 'ri', 'nov', 'ovic', 'yan', 'lla', 'kar', 'mba', 'wa', 'ti', 'ez', 'ani'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SMALL_NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const DAY = 86_400_000;
const START = Date.UTC(2019, 0, 1);
const END = Date.UTC(2024, 11, 31);
const SPAN_DAYS = (END - START) / DAY;

function count(n: number): string {
  return n <= 10 ? SMALL_NUMBERS[n] : n.toLocaleString('en-US');
}
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Actors, places, sources

interface ActorInfo extends ActorRow { forms: string[]; short: string }

const MINISTRIES: [string, string][] = [
  ['Defence', 'defence'], ['Foreign Affairs', 'foreign'], ['Interior', 'interior'], ['Justice', 'justice'], ['Health', 'health'],
  ['Finance', 'finance'], ['Energy', 'energy'], ['Emergency Situations', 'emergencies'], ['Agriculture', 'agriculture'],
  ['Education', 'education'], ['Information', 'information'], ['Economy', 'economy'],
];
const BODIES: [string, string][] = [
  ['Government', 'government'], ['Parliament', 'parliament'], ['Presidential Office', 'presidential office'],
  ['National Security Council', 'security council'], ["Prosecutor General's Office", 'prosecutors'], ['Central Bank', 'central bank'],
];
const FORCES: [string, string][] = [
  ['Armed Forces', 'armed forces'], ['Army', 'army'], ['Navy', 'navy'], ['Air Force', 'air force'], ['Border Guard Service', 'border guards'],
  ['National Guard', 'national guard'], ['Special Forces', 'special forces'], ['Air Defence Forces', 'air defences'], ['General Staff', 'general staff'],
  ['National Police', 'police'],
];
const PERSON_ROLES: [string, string | null, number][] = [
  // title, ministry/body the person belongs to (null: the state), weight
  ['President', 'Presidential Office', 3], ['Prime Minister', 'Government', 3], ['Foreign Minister', 'Foreign Affairs', 4],
  ['Defence Minister', 'Defence', 4], ['Interior Minister', 'Interior', 2], ['Foreign Ministry spokesperson', 'Foreign Affairs', 4],
  ['Defence Ministry spokesperson', 'Defence', 4], ['Security Council Secretary', 'National Security Council', 1],
  ['Chief of General Staff', 'General Staff', 1], ['Army commander', 'Army', 2], ['lawmaker', 'Parliament', 4],
  ['Speaker of Parliament', 'Parliament', 1], ['Health Minister', 'Health', 1], ['Energy Minister', 'Energy', 1],
  ['ambassador to the United Nations', null, 2], ['regional governor', null, 3], ['opposition leader', null, 2],
  ['presidential adviser', 'Presidential Office', 2], ['Prosecutor General', "Prosecutor General's Office", 1], ['mayor', null, 2],
];

export class BenchGenerator {
  readonly size: Size;
  readonly counts: (typeof SIZES)[Size];
  private built = false;
  private sourceRows: SourceRow[] = [];
  private placeRows: PlaceRow[] = [];
  private placeAliasRows: AliasRow[] = [];
  private actorInfos: ActorInfo[] = [];
  private actorAliasRows: AliasRow[] = [];
  private stateByIso = new Map<string, number>();
  private placesByIso = new Map<string, number[]>();
  private actorsByIso = new Map<string, number[]>(); // ordered by speaker rank
  private rankToActor: Int32Array = new Int32Array(0);
  private zipf!: Zipf;
  private sourceZipf!: Zipf;

  constructor(size: Size) {
    this.size = size;
    this.counts = SIZES[size];
  }

  sources(): SourceRow[] { this.build(); return this.sourceRows; }
  places(): PlaceRow[] { this.build(); return this.placeRows; }
  placeAliases(): AliasRow[] { this.build(); return this.placeAliasRows; }
  actors(): ActorRow[] {
    this.build();
    return this.actorInfos.map(({ forms: _f, short: _s, ...row }) => row);
  }
  actorAliases(): AliasRow[] { this.build(); return this.actorAliasRows; }

  private build(): void {
    if (this.built) return;
    this.built = true;
    this.buildSources();
    this.buildPlaces();
    this.buildActors();
  }

  private buildSources(): void {
    const t = Date.UTC(2019, 0, 1);
    this.sourceRows = SOURCE_DATA.split(';').map((s, i) => {
      const [name, domain] = s.split('|');
      return { id: i + 1, name, domain, createdAt: t };
    });
    this.sourceZipf = new Zipf(this.sourceRows.length, 1.1);
  }

  private buildPlaces(): void {
    const rng = new Rng(`places:${this.size}`);
    const rows: PlaceRow[] = [];
    const gaz = PLACE_DATA.split(';').map((s) => {
      const [name, k, iso3, lat, lon] = s.split('|');
      return { name, kind: ({ R: 'REGION', D: 'DISTRICT', C: 'CITY', S: 'SITE' } as Record<string, PlaceKind>)[k] ?? 'OTHER', iso3, lat: Number(lat), lon: Number(lon) };
    });
    const countryPlace = new Map<string, number>();
    for (const c of COUNTRIES) {
      const inside = gaz.filter((g) => g.iso3 === c.iso3);
      const lat = inside.length ? Math.round((inside.reduce((n, g) => n + g.lat, 0) / inside.length) * 100) / 100 : null;
      const lon = inside.length ? Math.round((inside.reduce((n, g) => n + g.lon, 0) / inside.length) * 100) / 100 : null;
      rows.push({ id: rows.length + 1, name: c.name, kind: 'COUNTRY', countryCode: c.iso3, latitude: lat, longitude: lon, parentId: null });
      countryPlace.set(c.iso3, rows.length);
    }
    for (const c of COUNTRIES) {
      rows.push({ id: rows.length + 1, name: c.capital, kind: 'CITY', countryCode: c.iso3, latitude: null, longitude: null, parentId: countryPlace.get(c.iso3)! });
    }
    // Regions first, so that some cities and districts can sit inside a region of their country.
    const regions = new Map<string, number[]>();
    for (const g of [...gaz.filter((g) => g.kind === 'REGION'), ...gaz.filter((g) => g.kind !== 'REGION')]) {
      let parentId = countryPlace.get(g.iso3) ?? null;
      const inCountry = regions.get(g.iso3);
      if (g.kind !== 'REGION' && inCountry && rng.chance(0.4)) parentId = rng.pick(inCountry);
      rows.push({ id: rows.length + 1, name: g.name, kind: g.kind, countryCode: g.iso3, latitude: g.lat, longitude: g.lon, parentId });
      if (g.kind === 'REGION') regions.set(g.iso3, [...(inCountry ?? []), rows.length]);
    }
    this.placeRows = rows;
    for (const p of rows) {
      if (p.kind === 'COUNTRY') continue;
      const list = this.placesByIso.get(p.countryCode!) ?? [];
      list.push(p.id);
      this.placesByIso.set(p.countryCode!, list);
      this.placeAliasRows.push({ id: this.placeAliasRows.length + 1, ownerId: p.id, text: p.name, normalized: normalizeName(p.name) });
    }
  }

  private buildActors(): void {
    const rng = new Rng(`actors:${this.size}`);
    const n = this.counts.actors;
    type Draft = Omit<ActorInfo, 'id' | 'createdAt' | 'updatedAt' | 'parentId'> & { parentKey: string | null; key: string };
    const states: Draft[] = COUNTRIES.map((c) => ({
      key: `state:${c.iso3}`, name: c.name, kind: 'STATE', countryCode: c.iso3, title: null, parentKey: null,
      forms: [c.name, c.capital, ...(rng.chance(0.5) ? [`Republic of ${c.name}`] : [])], short: c.name,
    }));
    const institutional = (kind: ActorKind, list: [string, string][], of: (x: string) => string): Draft[] =>
      rng.shuffle(COUNTRIES.flatMap((c) => list.map(([long, short]) => {
        const name = of(long) + ` of ${c.name}`;
        const forms = [name, `${c.demonym} ${short}`];
        if (rng.chance(0.5)) forms.push(`${c.name}\u2019s ${short}`);
        return { key: `${kind}:${c.iso3}:${long}`, name, kind, countryCode: c.iso3, title: null, parentKey: `state:${c.iso3}`, forms, short: `the ${short.split(' ').pop()}` };
      })));
    const government = [
      ...institutional('GOVERNMENT', MINISTRIES.slice(0, 3), (m) => `Ministry of ${m}`),
      ...institutional('GOVERNMENT', [...MINISTRIES.slice(3).map(([m, s]): [string, string] => [`Ministry of ${m}`, `${s} ministry`]), ...BODIES], (m) => m),
    ].map((d) => d.name.startsWith('Ministry of') && !d.forms[1].endsWith('ministry') ? { ...d, forms: d.forms.map((f, i) => (i === 0 ? f : `${f} ministry`)), short: 'the ministry' } : d);
    const military = institutional('MILITARY', FORCES, (f) => f);
    const splitData = (data: string, kind: ActorKind): Draft[] => data.split(';').map((s) => {
      const [name, alias, iso3] = s.split('|');
      const forms = [name];
      if (alias) forms.push(alias);
      else if (name.includes(' ')) forms.push(name.split(' ').filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]).join(''));
      return { key: `${kind}:${name}`, name, kind, countryCode: iso3 || null, title: null, parentKey: iso3 ? `state:${iso3}` : null, forms, short: kind === 'MEDIA' ? 'the outlet' : kind === 'ARMED_GROUP' ? 'the group' : 'the organisation' };
    });
    const places = this.placeRows.filter((p) => p.kind !== 'COUNTRY');
    const synthetic = (kind: ActorKind, patterns: ((p: PlaceRow, c: Country) => [string, string])[], short: string): Draft[] =>
      rng.shuffle(places.flatMap((p) => patterns.map((f) => {
        const c = COUNTRY_BY_ISO.get(p.countryCode!)!;
        const [name, variant] = f(p, c);
        return { key: `${kind}:${name}`, name, kind, countryCode: p.countryCode, title: null, parentKey: kind === 'GOVERNMENT' ? `state:${p.countryCode}` : null, forms: [name, variant], short };
      })));
    const organizations = [...rng.shuffle(splitData(ORG_DATA, 'ORGANIZATION')), ...synthetic('ORGANIZATION', [
      (p) => [`${p.name} Human Rights Centre`, `${p.name} rights group`],
      (p) => [`${p.name} Red Crescent Society`, `${p.name} Red Crescent`],
      (p, c) => [`${c.demonym} Union of Journalists in ${p.name}`, `${p.name} journalists' union`],
    ], 'the group')];
    const armedGroups = [...rng.shuffle(splitData(ARMED_GROUP_DATA, 'ARMED_GROUP')), ...synthetic('ARMED_GROUP', [
      (p) => [`${p.name} Liberation Front`, `${p.name} rebels`],
      (p) => [`${p.name} People's Defence Forces`, `${p.name} militia`],
    ], 'the group')];
    const media = [...rng.shuffle(splitData(MEDIA_DATA, 'MEDIA')), ...synthetic('MEDIA', [
      (p) => [`${p.name} Daily News`, `${p.name} Daily`],
      (p, c) => [`${c.demonym} Broadcasting Corporation ${p.name}`, `${p.name} broadcaster`],
    ], 'the outlet')];
    const local = synthetic('GOVERNMENT', [
      (p) => [`${p.name} Regional Administration`, `${p.name} authorities`],
      (p) => [`${p.name} City Council`, `${p.name} council`],
    ], 'the authorities');
    const other = synthetic('OTHER', [
      (p) => [`Residents of ${p.name}`, `${p.name} residents`],
      (p) => [`${p.name} General Hospital`, `${p.name} hospital`],
      (p) => [`Displaced families of ${p.name}`, `${p.name} displaced`],
    ], 'they');

    const take = (pool: Draft[], share: number) => pool.slice(0, Math.min(pool.length, Math.round(n * share)));
    const chosen: Draft[] = [...states];
    chosen.push(...take([...government.slice(0, 3 * COUNTRIES.length), ...rng.shuffle([...government.slice(3 * COUNTRIES.length), ...local])], 0.12));
    chosen.push(...take(military, 0.06));
    chosen.push(...take(organizations, 0.05));
    chosen.push(...take(armedGroups, 0.04));
    chosen.push(...take(media, 0.02));
    chosen.push(...take(other, 0.03));
    const keys = new Set(chosen.map((d) => d.key));
    // Persons fill the rest: a name from syllables, a title and a parent (their ministry when it exists, else their state).
    const names = new Set<string>();
    while (chosen.length < n) {
      const c = rng.pick(COUNTRIES);
      let name = '';
      do {
        name = `${rng.pick(FIRST_A)}${rng.pick(FIRST_B)} ${rng.pick(LAST_A)}${rng.chance(0.5) ? rng.pick(LAST_B) : ''}${rng.pick(LAST_C)}`;
      } while (names.has(name));
      names.add(name);
      const [title, body] = rng.weighted(PERSON_ROLES.map(([t, b, w]) => [[t, b] as const, w] as const));
      let parentKey = `state:${c.iso3}`;
      if (body) {
        const m = MINISTRIES.find(([x]) => x === body);
        const k = m ? `GOVERNMENT:${c.iso3}:Ministry of ${body}` : BODIES.some(([x]) => x === body) ? `GOVERNMENT:${c.iso3}:${body}` : `MILITARY:${c.iso3}:${body}`;
        if (keys.has(k)) parentKey = k;
      }
      const fullTitle = title === 'regional governor' || title === 'mayor' || title === 'lawmaker' || title === 'opposition leader' ? `${c.demonym} ${title}` : title;
      chosen.push({ key: `PERSON:${name}`, name, kind: 'PERSON', countryCode: c.iso3, title: fullTitle, parentKey, forms: [name, `${cap(fullTitle)} ${name}`], short: name.split(' ')[1] });
    }
    // States first, then institutions, then everyone else: parents always have smaller ids.
    const order = (d: Draft) => (d.kind === 'STATE' ? 0 : d.parentKey === null ? 1 : d.kind === 'PERSON' ? 3 : 2);
    const sorted = chosen.map((d, i) => ({ d, i })).sort((a, b) => order(a.d) - order(b.d) || a.i - b.i).map((x) => x.d);
    const idOf = new Map<string, number>();
    sorted.forEach((d, i) => idOf.set(d.key, i + 1));
    const created = Date.UTC(2019, 0, 1);
    this.actorInfos = sorted.map((d, i) => {
      const seen = new Set<string>();
      const forms = d.forms.filter((f) => {
        const k = normalizeName(f);
        if (!f || seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const t = created + i * 60_000;
      return { id: i + 1, name: d.name, kind: d.kind, countryCode: d.countryCode, title: d.title, parentId: d.parentKey ? idOf.get(d.parentKey) ?? null : null, createdAt: t, updatedAt: t, forms, short: d.short };
    });
    for (const a of this.actorInfos) {
      for (const f of a.forms) this.actorAliasRows.push({ id: this.actorAliasRows.length + 1, ownerId: a.id, text: f, normalized: normalizeName(f) });
      if (a.kind === 'STATE') this.stateByIso.set(a.countryCode!, a.id);
    }
    // Speaker rank: a weighted random permutation (states and ministries speak most), then Zipf over ranks.
    const weight: Record<ActorKind, number> = { STATE: 12, GOVERNMENT: 6, MILITARY: 5, ORGANIZATION: 3, PERSON: 1, ARMED_GROUP: 2, MEDIA: 0.5, OTHER: 0.5 };
    const keyed = this.actorInfos.map((a) => ({ id: a.id, k: Math.pow(rng.next(), 1 / weight[a.kind]) }));
    keyed.sort((a, b) => b.k - a.k || a.id - b.id);
    this.rankToActor = Int32Array.from(keyed.map((x) => x.id));
    for (const { id } of keyed) {
      const iso = this.actor(id).countryCode;
      if (!iso) continue;
      const list = this.actorsByIso.get(iso) ?? [];
      list.push(id);
      this.actorsByIso.set(iso, list);
    }
    this.zipf = new Zipf(n, 1.0);
  }

  private actor(id: number): ActorInfo {
    return this.actorInfos[id - 1];
  }

  // -------------------------------------------------------------------------------------------
  // Articles

  /** Every article with its derived rows, in id order (which is also publication order, give or take a day). */
  *articles(): Generator<ArticleBundle> {
    this.build();
    const rng = new Rng(`articles:${this.size}`);
    const { articles: nArticles, events: nEvents, statements: nStatements } = this.counts;
    const ids = { event: 0, participant: 0, statement: 0, report: 0, mention: 0 };
    const pending: PendingEvent[] = [];
    const hashes = new Set<string>();
    let pairEvents = 0;
    let pairStatements = 0;
    for (let i = 0; i < nArticles; i++) {
      // Per-article counts vary but pair up, so that the totals are exact (an odd remainder goes to the last article).
      const baseE = Math.floor(nEvents / nArticles);
      const baseS = Math.floor(nStatements / nArticles);
      let ne: number;
      let ns: number;
      if (i % 2 === 0) {
        pairEvents = rng.int(-1, 1);
        pairStatements = rng.int(-2, 2);
        ne = baseE + pairEvents;
        ns = baseS + pairStatements;
      } else {
        ne = baseE - pairEvents;
        ns = baseS - pairStatements;
      }
      if (i === nArticles - 1) {
        ne = nEvents - ids.event;
        ns = nStatements - ids.statement;
      }
      // Publication days: sorted quantiles of a density rising towards 2024 (F(x) = x^2), a day of jitter.
      const x = Math.sqrt((i + 0.5) / nArticles);
      const day = Math.min(SPAN_DAYS, Math.max(0, Math.round(x * SPAN_DAYS) + rng.int(-1, 1)));
      const publishedAt = START + day * DAY;
      yield this.article(rng, i + 1, publishedAt, ne, ns, ids, pending, hashes);
    }
  }

  private speaker(rng: Rng): number {
    return this.rankToActor[this.zipf.sample(rng)];
  }

  private article(rng: Rng, id: number, publishedAt: number, ne: number, ns: number, ids: Record<'event' | 'participant' | 'statement' | 'report' | 'mention', number>, pending: PendingEvent[], hashes: Set<string>): ArticleBundle {
    const ingestedAt = publishedAt + rng.int(4 * 3600, 30 * 3600) * 1000 + rng.int(0, 999);
    // The cast: a principal actor, its rival country, and a few more, drawn by speaker rank.
    const principal = this.speaker(rng);
    const home = this.actor(principal).countryCode ?? rng.pick(COUNTRIES).iso3;
    const rivals = RIVALS.filter(([a, b]) => a === home || b === home).map(([a, b]) => (a === home ? b : a));
    const away = rivals.length && rng.chance(0.8) ? rng.pick(rivals) : rng.pick(COUNTRIES).iso3;
    const cast: number[] = [principal];
    const addCast = (a: number) => { if (!cast.includes(a)) cast.push(a); };
    addCast(this.stateByIso.get(home)!);
    addCast(this.stateByIso.get(away)!);
    const local = (iso: string) => {
      const list = this.actorsByIso.get(iso)!;
      return list[Math.min(list.length - 1, Math.floor(Math.pow(rng.next(), 2.5) * list.length))];
    };
    for (let k = rng.int(2, 4); k > 0; k--) addCast(rng.chance(0.6) ? local(rng.chance(0.5) ? home : away) : this.speaker(rng));
    const placesHere = [...(this.placesByIso.get(home) ?? []), ...(this.placesByIso.get(away) ?? [])];
    const place = () => (placesHere.length && rng.chance(0.85) ? rng.pick(placesHere) : rng.int(COUNTRIES.length + 1, this.placeRows.length));
    const source = rng.chance(0.97) ? this.sourceRows[this.sourceZipf.sample(rng)] : null;

    const b = new BodyPlan();
    const side = (iso: string) => cast.filter((a) => this.actor(a).countryCode === iso);
    const ctx: Ctx = { rng, gen: this, cast, home: side(home), away: side(away), place, publishedAt, sourceName: source?.name ?? 'reporters', named: new Set(), used: new Set() };
    // Events this article reports first.
    const events: EventRow[] = [];
    const participants: ParticipantRow[] = [];
    const eventItems: Item[] = [];
    let statementsLeft = ns;
    for (let k = 0; k < ne; k++) {
      const ev = this.newEvent(ctx, ++ids.event, ingestedAt);
      ev.fromArticle = id;
      events.push(ev.row);
      for (const p of ev.parts) participants.push({ id: ++ids.participant, eventId: ev.row.id, actorId: p.actorId, role: p.role });
      const status = statementsLeft > 0 ? rng.weighted([['REPORTED', 75], ['ALLEGED', 20], ['DENIED', 5]] as const) : 'REPORTED';
      ev.row.status = status;
      if (status !== 'REPORTED') statementsLeft--;
      eventItems.push({ kind: 'event', event: ev, status, primary: true });
      if (ev.extraReports > 0) {
        pending.push({ ...ev, remaining: ev.extraReports });
        if (pending.length > 400) pending.shift();
      }
    }
    // Reports of earlier events (another article's account of the same fighting, talks, ...).
    const older: Item[] = [];
    for (let k = rng.int(0, 3); k > 0 && pending.length; k--) {
      const j = pending.length - 1 - Math.floor(Math.pow(rng.next(), 2) * Math.min(pending.length, 120));
      const p = pending[j];
      if (p.row.date !== null && p.row.date > publishedAt) continue;
      if (p.fromArticle === id || older.some((o) => o.kind === 'event' && o.event.row.id === p.row.id)) continue;
      older.push({ kind: 'event', event: p, status: 'REPORTED', primary: false });
      if (--p.remaining === 0) pending.splice(j, 1);
    }
    const allEvents = [...eventItems, ...older].map((e) => (e.kind === 'event' ? e.event.row.id : 0));
    const quoteItems: Item[] = [];
    for (let k = 0; k < statementsLeft; k++) {
      const eventId = rng.chance(0.25) ? rng.pick(allEvents) : null;
      quoteItems.push({ kind: 'statement', eventId });
    }
    // Order: the lead event first, then everything else shuffled into paragraphs of 1–3 sentences.
    const rest = rng.shuffle([...eventItems.slice(1), ...older, ...quoteItems]);
    const items: Item[] = [eventItems[0], ...rest];
    const target = rng.int(2150, 2850);
    const sentences = items.map((it) => this.renderItem(ctx, it));
    // Background sentences pad the body to its target length.
    let length = sentences.reduce((n, s) => n + plainLength(s.pieces) + 1, 0);
    while (length < target) {
      const s = background(ctx);
      const at = rng.int(1, sentences.length);
      sentences.splice(at, 0, { pieces: s, item: null, quotes: [] });
      length += plainLength(s) + 1;
    }
    let sinceBreak = 0;
    let para = rng.int(1, 3);
    for (let k = 0; k < sentences.length; k++) {
      if (k > 0) {
        if (sinceBreak >= para) { b.text('\n\n'); sinceBreak = 0; para = rng.int(1, 3); } else b.text(' ');
      }
      sentences[k].start = b.length;
      b.emit(sentences[k].pieces);
      sentences[k].end = b.length;
      sinceBreak++;
    }
    let body = b.toString();
    let contentHash = createHash('sha256').update(body).digest('hex');
    while (hashes.has(contentHash.slice(0, 16))) {
      body += ` ${plain(background(ctx))}`;
      contentHash = createHash('sha256').update(body).digest('hex');
    }
    hashes.add(contentHash.slice(0, 16));

    // Rows, with ids in body order.
    const statements: StatementRow[] = [];
    const reports: ReportRow[] = [];
    for (const s of sentences) {
      const it = s.item;
      if (!it) continue;
      let statementId: number | null = null;
      for (const q of s.quotes) {
        const quote = body.slice(q.start, q.end);
        statementId = ++ids.statement;
        const direct = q.kind === 'DIRECT';
        statements.push({
          id: statementId, articleId: id, speakerId: q.speakerId, quote, kind: q.kind, cue: q.cue, start: q.start, end: q.end,
          confidence: direct ? rng.int(85, 100) / 100 : rng.int(55, 85) / 100,
          eventId: it.kind === 'event' ? it.event.row.id : it.eventId, createdAt: ingestedAt,
        });
      }
      if (it.kind === 'event') {
        reports.push({ id: ++ids.report, eventId: it.event.row.id, articleId: id, statementId: it.status === 'REPORTED' ? null : statementId, start: s.start!, end: s.end! });
        if (it.primary) it.event.row.summary = body.slice(s.start!, s.end!);
      }
    }
    const mentions: MentionRow[] = b.mentions.slice(0, 15).map((m) => ({ id: ++ids.mention, articleId: id, actorId: m.actorId, start: m.start, end: m.end, text: body.slice(m.start, m.end) }));
    const lead = eventItems[0].kind === 'event' ? eventItems[0].event : null;
    const title = lead ? headline(lead, this) : null;
    const dateline = rng.chance(0.8) ? COUNTRY_BY_ISO.get(home)!.capital : null;
    const d = new Date(publishedAt);
    const slug = (title ?? 'news').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const url = source ? `https://${source.domain}/world/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${slug}-${id}` : null;
    return {
      article: { id, url, title, publishedAt, dateline, body, language: 'en', contentHash, sourceId: source?.id ?? null, ingestedAt, extractorVersion: 'bench' },
      events, participants, statements, reports, mentions,
    };
  }

  private newEvent(ctx: Ctx, id: number, createdAt: number): GenEvent {
    const { rng } = ctx;
    const type = rng.weighted(EVENT_WEIGHTS);
    const nSources = rng.chance(0.3) ? 2 : 1;
    const nTargets = rng.chance(0.25) ? 2 : 1;
    const nOther = rng.chance(0.3) ? rng.int(1, 2) : 0;
    const used = new Set<number>();
    // Sources from one side of the conflict, targets from the other, others from anywhere.
    const [srcSide, tgtSide] = rng.chance(0.5) ? [ctx.home, ctx.away] : [ctx.away, ctx.home];
    const draw = (pool: number[]) => {
      for (let tries = 0; tries < 20; tries++) {
        const a = tries < 6 && pool.length ? rng.pick(pool) : tries < 10 ? rng.pick(ctx.cast) : this.speaker(rng);
        if (!used.has(a)) { used.add(a); return a; }
      }
      for (let a = 1; ; a++) if (!used.has(a)) { used.add(a); return a; }
    };
    const parts: { actorId: number; role: 'SOURCE' | 'TARGET' | 'OTHER' }[] = [];
    for (let k = 0; k < nSources; k++) parts.push({ actorId: draw(srcSide), role: 'SOURCE' });
    for (let k = 0; k < nTargets; k++) parts.push({ actorId: draw(tgtSide), role: 'TARGET' });
    for (let k = 0; k < Math.min(nOther, 5 - parts.length); k++) parts.push({ actorId: draw([]), role: 'OTHER' });
    const precision = rng.weighted([['DAY', 85], ['MONTH', 7], ['YEAR', 3], ['UNKNOWN', 5]] as const);
    const dayOf = ctx.publishedAt - rng.weighted([[0, 2], [1, 5], [2, 2], [3, 1]] as const) * DAY;
    const dd = new Date(dayOf);
    const date = precision === 'DAY' ? dayOf : precision === 'MONTH' ? Date.UTC(dd.getUTCFullYear(), dd.getUTCMonth(), 1) : precision === 'YEAR' ? Date.UTC(dd.getUTCFullYear(), 0, 1) : null;
    const violent = type === 'ASSAULT' || type === 'COERCE';
    const fatalities = type === 'ASSAULT' && rng.chance(0.6) ? Math.floor(Math.pow(rng.next(), 3) * 60) + 1 : null;
    const injuries = violent && rng.chance(0.45) ? Math.floor(Math.pow(rng.next(), 3) * 120) + 1 : null;
    return {
      row: {
        id, type, summary: '', date, datePrecision: precision, placeId: rng.chance(0.8) ? ctx.place() : null, fatalities, injuries,
        status: 'REPORTED', confidence: rng.int(50, 95) / 100, createdAt,
      },
      parts, extraReports: rng.weighted([[0, 45], [1, 35], [2, 20]] as const), remaining: 0, fromArticle: 0,
      detail: rng.int(0, 1_000_000),
    };
  }

  private renderItem(ctx: Ctx, it: Item): Sentence {
    if (it.kind === 'event') return renderEvent(ctx, it.event, it.status, it.primary);
    return renderStatement(ctx, it.eventId);
  }

  /** For the templates. */
  actorById(id: number): ActorInfo { return this.actor(id); }
  placeName(id: number): string { return this.placeRows[id - 1].name; }
  randomSpeaker(rng: Rng): number { return this.speaker(rng); }
}

// ---------------------------------------------------------------------------------------------
// Body assembly: a sentence is a list of pieces; actor names and quote boundaries become spans.

interface QuoteMeta { kind: 'DIRECT' | 'INDIRECT'; cue: string; speakerId: number | null; start: number; end: number }
type Piece = string | { actor: number; text: string } | { open: QuoteMeta } | { close: QuoteMeta };
interface Sentence { pieces: Piece[]; item: Item | null; quotes: QuoteMeta[]; start?: number; end?: number }
interface GenEvent { row: EventRow; parts: { actorId: number; role: 'SOURCE' | 'TARGET' | 'OTHER' }[]; extraReports: number; remaining: number; fromArticle: number; detail: number }
type PendingEvent = GenEvent;
type Item = { kind: 'event'; event: GenEvent; status: EventRow['status']; primary: boolean } | { kind: 'statement'; eventId: number | null };
interface Ctx { rng: Rng; gen: BenchGenerator; cast: number[]; home: number[]; away: number[]; place: () => number; publishedAt: number; sourceName: string; named: Set<number>; used: Set<number> }

class BodyPlan {
  private parts: string[] = [];
  length = 0;
  mentions: { actorId: number; start: number; end: number }[] = [];
  text(s: string): void { this.parts.push(s); this.length += s.length; }
  emit(pieces: Piece[]): void {
    for (const p of pieces) {
      if (typeof p === 'string') this.text(p);
      else if ('actor' in p) { this.mentions.push({ actorId: p.actor, start: this.length, end: this.length + p.text.length }); this.text(p.text); }
      else if ('open' in p) p.open.start = this.length;
      else p.close.end = this.length;
    }
  }
  toString(): string { return this.parts.join(''); }
}

function plain(pieces: Piece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : 'actor' in p ? p.text : '')).join('');
}
function plainLength(pieces: Piece[]): number {
  let n = 0;
  for (const p of pieces) n += typeof p === 'string' ? p.length : 'actor' in p ? p.text.length : 0;
  return n;
}
function capFirst(pieces: Piece[]): Piece[] {
  const [first, ...rest] = pieces;
  return typeof first === 'string' ? [cap(first), ...rest] : pieces;
}
function lowerFirst(pieces: Piece[]): Piece[] {
  const [first, ...rest] = pieces;
  return typeof first === 'string' && !/^[A-Z]{2}/.test(first) ? [first.charAt(0).toLowerCase() + first.slice(1), ...rest] : pieces;
}

/** A name for the actor: its full name (with a person's title) the first time, any alias later. */
function name(ctx: Ctx, id: number): Piece {
  const a = ctx.gen.actorById(id);
  let text: string;
  if (!ctx.named.has(id)) {
    ctx.named.add(id);
    text = a.kind === 'PERSON' && a.forms.length > 1 && ctx.rng.chance(0.7) ? a.forms[1] : a.forms[0];
  } else text = ctx.rng.chance(0.5) ? a.forms[0] : ctx.rng.pick(a.forms);
  return { actor: id, text };
}
function names(ctx: Ctx, ids: number[]): Piece[] {
  const out: Piece[] = [];
  ids.forEach((id, i) => {
    if (i > 0) out.push(i === ids.length - 1 ? ' and ' : ', ');
    out.push(name(ctx, id));
  });
  return out;
}
function placeOf(ctx: Ctx, placeId: number | null): string {
  if (placeId === null) return '';
  return `${ctx.rng.pick([' near ', ' in ', ' around '])}${ctx.gen.placeName(placeId)}`;
}
function when(ctx: Ctx, ev: EventRow): string {
  if (ev.date === null) return '';
  const d = new Date(ev.date);
  const ago = Math.round((ctx.publishedAt - ev.date) / DAY);
  if (ev.datePrecision === 'DAY') {
    if (ago === 0) return ctx.rng.pick([' on ', ' early on ', ' late on ']) + WEEKDAYS[d.getUTCDay()];
    if (ago <= 6) return ` on ${WEEKDAYS[d.getUTCDay()]}`;
    return ` on ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  }
  if (ev.datePrecision === 'MONTH') return ago < 28 && new Date(ctx.publishedAt).getUTCMonth() === d.getUTCMonth() ? ' earlier this month' : ` in ${MONTHS[d.getUTCMonth()]}`;
  return new Date(ctx.publishedAt).getUTCFullYear() === d.getUTCFullYear() ? ' earlier this year' : ` in ${d.getUTCFullYear()}`;
}

const EVENT_WEIGHTS: (readonly [EventType, number])[] = [
  ['AGREE', 4], ['CONSULT', 8], ['SUPPORT', 4], ['CONCEDE', 2], ['COOPERATE', 3], ['AID', 3], ['RETREAT', 2], ['REQUEST', 7], ['ACCUSE', 10],
  ['REJECT', 4], ['THREATEN', 5], ['PROTEST', 3], ['SANCTION', 3], ['MOBILIZE', 4], ['COERCE', 5], ['ASSAULT', 22], ['OTHER', 5],
];
const TOPICS = ['the disputed border', 'gas supplies', 'the detention of journalists', 'missile tests', 'the blockade', 'prisoner exchanges', 'grain exports', 'the nuclear programme', 'water rights', 'the ceasefire line', 'drone strikes', 'refugee returns'];
const REQUESTS = ['withdraw its troops', 'respect the ceasefire', 'release detained civilians', 'open a humanitarian corridor', 'return to the negotiating table', 'investigate the killings', 'stop the shelling', 'allow aid deliveries'];
const ACCUSATIONS = ['violating the ceasefire', 'shelling civilian areas', 'preparing an offensive', 'blocking aid deliveries', 'spreading disinformation', 'targeting journalists', 'using banned weapons', 'stoking ethnic tensions', 'sheltering armed groups', 'mining farmland'];
const AGREEMENTS = ['extend the ceasefire', 'exchange prisoners', 'reopen a border crossing', 'resume talks', 'demarcate the border', 'set up a hotline between their militaries', 'restore flights'];

/** The event as a clause in the past tense ("Russian forces shelled positions held by ... near X on Tuesday"). */
function clause(ctx: Ctx, ge: GenEvent): Piece[] {
  const ev = ge.row;
  const src = ge.parts.filter((p) => p.role === 'SOURCE').map((p) => p.actorId);
  const tgt = ge.parts.filter((p) => p.role === 'TARGET').map((p) => p.actorId);
  const oth = ge.parts.filter((p) => p.role === 'OTHER').map((p) => p.actorId);
  const r = new Rng(`detail:${ge.detail}`); // the same event reads the same in every article that reports it
  const S = names(ctx, src);
  const T = names(ctx, tgt);
  const P = placeOf(ctx, ev.placeId);
  const W = when(ctx, ev);
  let out: Piece[];
  switch (ev.type) {
    case 'AGREE': out = [...S, ' and ', ...T, ` agreed${W} to ${r.pick(AGREEMENTS)}`]; break;
    case 'CONSULT': out = [...S, ' held talks with ', ...T, `${P}${W} on ${r.pick(TOPICS)}`]; break;
    case 'SUPPORT': out = [...S, `${W} voiced support for `, ...T, ` over ${r.pick(TOPICS)}`]; break;
    case 'CONCEDE': out = [...S, ` handed over ${count(r.int(2, 40))} detainees to `, ...T, `${W}`]; break;
    case 'COOPERATE': out = [...S, ' and ', ...T, ` signed an agreement on ${r.pick(TOPICS)}${P}${W}`]; break;
    case 'AID': out = [...S, ` delivered ${count(r.int(5, 400))} tonnes of humanitarian aid to `, ...T, `${P}${W}`]; break;
    case 'RETREAT': out = [...S, ` withdrew troops from positions${P}${W} after pressure from `, ...T]; break;
    case 'REQUEST': out = [...S, ' called on ', ...T, `${W} to ${r.pick(REQUESTS)}`]; break;
    case 'ACCUSE': out = [...S, ' accused ', ...T, `${W} of ${r.pick(ACCUSATIONS)}${P}`]; break;
    case 'REJECT': out = [...S, `${W} rejected a proposal by `, ...T, ` to ${r.pick(REQUESTS)}`]; break;
    case 'THREATEN': out = [...S, `${W} threatened to retaliate against `, ...T, ` over ${r.pick(TOPICS)}`]; break;
    case 'PROTEST': out = ['Supporters of ', ...S, ` protested${P}${W} against `, ...T]; break;
    case 'SANCTION': out = [...S, ' imposed sanctions on ', ...T, `${W} over ${r.pick(TOPICS)}`]; break;
    case 'MOBILIZE': out = [...S, ` put troops on high alert${P}${W} amid tensions with `, ...T]; break;
    case 'COERCE': out = [...S, ` detained ${count(r.int(2, 90))} people linked to `, ...T, `${P}${W}`]; break;
    case 'ASSAULT': out = [...S, ` ${r.pick(['shelled positions held by', 'launched drone strikes on', 'attacked', 'fired rockets at', 'clashed with'])} `, ...T, `${P}${W}`]; break;
    default: out = [...S, ' and ', ...T, ` ${r.pick(['exchanged the bodies of fallen soldiers', 'held a joint commission meeting', 'traded statements at the UN'])}${P}${W}`];
  }
  if (ev.fatalities !== null && ev.injuries !== null) out.push(`, killing ${count(ev.fatalities)} ${ev.fatalities === 1 ? 'person' : 'people'} and wounding ${count(ev.injuries)}`);
  else if (ev.fatalities !== null) out.push(`, killing ${count(ev.fatalities)} ${ev.fatalities === 1 ? 'person' : 'people'}`);
  else if (ev.injuries !== null) out.push(`, wounding ${count(ev.injuries)} ${ev.injuries === 1 ? 'person' : 'people'}`);
  if (oth.length) out.push(r.pick([', in talks mediated by ', ', days after a visit by ', ', with observers from ']), ...names(ctx, oth));
  return out;
}

function renderEvent(ctx: Ctx, ge: GenEvent, status: EventRow['status'], primary: boolean): Sentence {
  const { rng } = ctx;
  const item: Item = { kind: 'event', event: ge, status, primary };
  const body = clause(ctx, ge);
  if (status === 'REPORTED') {
    const prefix = primary ? '' : rng.pick(['Earlier, ', 'Separately, ', 'Reports said ', '']);
    return { pieces: capFirst([prefix, ...(prefix ? lowerFirst(body) : body), '.']), item, quotes: [] };
  }
  // A party's claim (ALLEGED) or denial (DENIED): one indirect statement that carries the event.
  const tgt = ge.parts.find((p) => p.role === 'TARGET')!.actorId;
  const src = ge.parts.find((p) => p.role === 'SOURCE')!.actorId;
  const bystanders = ctx.cast.filter((a) => !ge.parts.some((p) => p.actorId === a));
  const speaker = status === 'DENIED' ? src : rng.chance(0.7) || !bystanders.length ? tgt : rng.pick(bystanders);
  const q: QuoteMeta = { kind: 'INDIRECT', cue: status === 'DENIED' ? 'denied' : 'said', speakerId: speaker, start: 0, end: 0 };
  const lead = status === 'DENIED' ? ' denied reports that ' : rng.pick([' said that ', ' said ', ' claimed that ']);
  if (status !== 'DENIED' && lead === ' claimed that ') q.cue = 'claimed';
  return { pieces: [name(ctx, speaker), lead, { open: q }, ...lowerFirst(body), { close: q }, '.'], item, quotes: [q] };
}

const WE = ['We', 'Our forces', 'Our government', 'Our soldiers', 'Our people', 'Together with our partners, we', 'Our country'];
const VERB_PRESENT = ['will not tolerate', 'strongly condemn', 'remain committed to', 'call for an end to', 'are ready to discuss', 'reject any attempt at', 'will respond firmly to', 'demand an independent investigation into', 'welcome', 'are deeply concerned about', 'will continue to support', 'cannot accept', 'will never recognise'];
const CLAIMS = ['the enemy suffered heavy losses', 'the situation at the front remains difficult but under control', 'every soldier did his duty', 'civilians were deliberately targeted', 'the talks were constructive', 'the attack was carefully planned', 'there is no military solution to this conflict', 'aid convoys are still being blocked', 'more than half of the city is without power', 'the evidence is overwhelming'];
const CLAUSE3 = ['its forces had repelled an attack', 'the situation along the border remained tense', 'talks would resume next week', 'several villages had come under fire', 'the ceasefire was being violated daily', 'no agreement had been reached', 'reinforcements had been sent to the region', 'the detained soldiers would be released', 'aid deliveries had been suspended', 'the government was ready to negotiate', 'it would hold the other side responsible', 'an investigation had been opened'];
function objectPhrase(ctx: Ctx): Piece[] {
  const { rng } = ctx;
  const p = () => ctx.gen.placeName(ctx.place());
  return [rng.pick([
    'any further provocation', 'the attacks on civilian infrastructure', `the shelling of ${p()}`, 'a lasting ceasefire', `the peace talks in ${p()}`,
    `the humanitarian situation in ${p()}`, `the deployment of troops near ${p()}`, 'the release of all prisoners', 'the violations of international law',
    `the blockade of ${p()}`, 'new negotiations', 'the killing of civilians', 'the safety of journalists', 'the sovereignty and territorial integrity of our country',
  ])];
}
function directQuote(ctx: Ctx): Piece[] {
  const { rng } = ctx;
  const first: Piece[] = rng.chance(0.6)
    ? [rng.pick(WE), ' ', rng.pick(VERB_PRESENT), ' ', ...objectPhrase(ctx), rng.pick(['', ' along the border', ' in the coming days', ' at any cost', ' without delay', ' this week', ' under any circumstances', ' with our allies'])]
    : [cap(rng.pick(CLAIMS))];
  const second = () => { let c = rng.pick(CLAIMS); while (first[0] === cap(c)) c = rng.pick(CLAIMS); return c; };
  if (rng.chance(0.35)) return [...first, '. ', cap(second())];
  if (rng.chance(0.3)) return [...first, ', and ', second()];
  return first;
}
function indirectClause(ctx: Ctx, speaker: number): Piece[] {
  const { rng } = ctx;
  const others = ctx.cast.filter((a) => a !== speaker);
  const other = others.length ? rng.pick(others) : ctx.gen.randomSpeaker(rng);
  switch (rng.int(0, 3)) {
    case 0: return [rng.pick(CLAUSE3.slice(0, 4)), placeOf(ctx, ctx.place())];
    case 1: return [name(ctx, other), ' had ', rng.pick(['violated the ceasefire', 'broken its promises', 'refused to negotiate', 'moved heavy weapons', 'ignored repeated warnings'])];
    case 2: return [`${count(rng.int(2, 60))} civilians had been ${rng.pick(['killed', 'wounded', 'displaced', 'detained'])}`, placeOf(ctx, ctx.place())];
    default: return [rng.pick(CLAUSE3)];
  }
}

function renderStatement(ctx: Ctx, eventId: number | null): Sentence {
  const { rng } = ctx;
  const item: Item = { kind: 'statement', eventId };
  const speakerNull = rng.chance(0.04);
  const speaker = speakerNull ? null : rng.chance(0.75) ? rng.pick(ctx.cast) : ctx.gen.randomSpeaker(rng);
  const a = speaker === null ? null : ctx.gen.actorById(speaker);
  // After the first mention, half the attributions are a short reference ("the ministry", "Grigoryan", "it").
  const who = (): Piece => {
    if (speaker === null) return rng.pick(['one resident', 'a witness', 'a local official', 'one survivor']);
    if (ctx.named.has(speaker) && rng.chance(0.5)) return a!.short;
    return name(ctx, speaker);
  };
  if (rng.chance(0.55) || speaker === null) {
    const q: QuoteMeta = { kind: 'DIRECT', cue: 'said', speakerId: speaker, start: 0, end: 0 };
    const text = directQuote(ctx);
    switch (speaker === null ? 0 : rng.int(0, 3)) {
      case 0: {
        q.cue = rng.pick(['said', 'said', 'added', 'told reporters', 'warned']);
        return { pieces: capFirst(['"', { open: q }, ...text, { close: q }, '," ', who(), ` ${q.cue}.`]), item, quotes: [q] };
      }
      case 1: {
        q.cue = 'said';
        return { pieces: ['“', { open: q }, ...text, { close: q }, ',” said ', who(), '.'], item, quotes: [q] };
      }
      case 2: {
        q.cue = rng.pick(['said', 'wrote on Telegram', 'said in a statement', 'told ' + ctx.sourceName]);
        return { pieces: capFirst([who(), ` ${q.cue}: "`, { open: q }, ...text, '.', { close: q }, '"']), item, quotes: [q] };
      }
      default: {
        q.cue = 'said';
        return { pieces: ['In a statement, ', who(), ' said: "', { open: q }, ...text, { close: q }, '."'], item, quotes: [q] };
      }
    }
  }
  const q: QuoteMeta = { kind: 'INDIRECT', cue: 'said', speakerId: speaker, start: 0, end: 0 };
  const text = indirectClause(ctx, speaker);
  switch (rng.int(0, 3)) {
    case 0: return { pieces: capFirst([who(), ' said that ', { open: q }, ...text, { close: q }, '.']), item, quotes: [q] };
    case 1: q.cue = 'according to'; return { pieces: [{ open: q }, ...capFirst(text), { close: q }, ', according to ', name(ctx, speaker), '.'], item, quotes: [q] };
    case 2: q.cue = 'warned'; return { pieces: capFirst([who(), ' warned that ', { open: q }, ...text, { close: q }, '.']), item, quotes: [q] };
    default: q.cue = 'told'; return { pieces: capFirst([who(), ` told ${ctx.sourceName} that `, { open: q }, ...text, { close: q }, '.']), item, quotes: [q] };
  }
}

function background(ctx: Ctx): Piece[] {
  const { rng } = ctx;
  const a = rng.pick(ctx.cast);
  const y = rng.int(1991, 2020);
  const pl = ctx.gen.placeName(ctx.place());
  let k = rng.int(0, 7);
  while (ctx.used.has(k) && ctx.used.size < 8) k = (k + 1) % 8;
  ctx.used.add(k);
  switch (k) {
    case 0: return ['Tensions have been running high', ` around ${pl} since ${MONTHS[rng.int(0, 11)]} ${y}.`];
    case 1: return ['More than ', count(rng.int(1000, 90000)), ` people have been displaced by the fighting in the ${pl} area, aid agencies say.`];
    case 2: return [name(ctx, a), ' has repeatedly denied any involvement.'];
    case 3: return [`The region has seen sporadic violence since ${y}, when a previous truce collapsed.`];
    case 4: return ['Diplomats say the talks involving ', name(ctx, a), ` have made little progress since ${MONTHS[rng.int(0, 11)]}.`];
    case 5: return [`Roads into ${pl} remained closed and mobile phone networks were down for a ${rng.pick(['second', 'third', 'fourth'])} day.`];
    case 6: return ['Independent verification of the claims was not immediately possible.'];
    default: return [`Satellite images published this week showed damage to ${count(rng.int(3, 80))} buildings near ${pl}.`];
  }
}

const HEADLINES: Record<EventType, string> = {
  AGREE: '{S} and {T} reach deal', CONSULT: '{S} and {T} hold talks', SUPPORT: '{S} backs {T}', CONCEDE: '{S} frees detainees held by {T}',
  COOPERATE: '{S} and {T} sign agreement', AID: 'Aid from {S} reaches {T}', RETREAT: '{S} pulls back troops', REQUEST: '{S} urges {T} to act',
  ACCUSE: '{S} accuses {T}', REJECT: '{S} rejects proposal from {T}', THREATEN: '{S} warns {T} of retaliation', PROTEST: 'Protests against {T}',
  SANCTION: '{S} imposes sanctions on {T}', MOBILIZE: '{S} puts troops on alert', COERCE: 'Arrests as {S} cracks down', ASSAULT: 'Deadly clashes between {S} and {T}', OTHER: '{S} and {T} in new dispute',
};
function headline(ge: GenEvent, gen: BenchGenerator): string {
  const s = gen.actorById(ge.parts.find((p) => p.role === 'SOURCE')!.actorId).name;
  const t = gen.actorById(ge.parts.find((p) => p.role === 'TARGET')!.actorId).name;
  let h = HEADLINES[ge.row.type].replace('{S}', s).replace('{T}', t);
  if (ge.row.type === 'ASSAULT' && ge.row.fatalities) h = h.replace('Deadly clashes', `${count(ge.row.fatalities)} killed in clashes`);
  return cap(h);
}

// ---------------------------------------------------------------------------------------------
// CLI: a fingerprint of the whole data set (to check determinism), or a few sample articles.

const isMain = process.argv[1] && /bench[\\/]generate\.ts$/.test(process.argv[1]);
if (isMain) {
  const argv = process.argv.slice(2);
  const opt = (n: string) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : undefined; };
  const size = (opt('size') ?? 'small') as Size;
  if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const gen = new BenchGenerator(size);
  const sample = opt('sample');
  if (sample) {
    let k = Number(sample);
    for (const b of gen.articles()) {
      console.log(JSON.stringify(b, null, 2));
      if (--k <= 0) break;
    }
  } else {
    const h = createHash('sha256');
    const totals: Record<string, number> = {};
    const add = (t: string, rows: object[]) => { totals[t] = (totals[t] ?? 0) + rows.length; for (const r of rows) h.update(JSON.stringify(r)); };
    add('Source', gen.sources()); add('Place', gen.places()); add('PlaceAlias', gen.placeAliases()); add('Actor', gen.actors()); add('ActorAlias', gen.actorAliases());
    for (const b of gen.articles()) {
      add('Article', [b.article]); add('Event', b.events); add('EventParticipant', b.participants); add('Statement', b.statements); add('EventReport', b.reports); add('ActorMention', b.mentions);
    }
    console.log(JSON.stringify({ size, sha256: h.digest('hex'), rows: totals }));
  }
}
