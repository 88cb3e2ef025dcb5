/**
 * The form under which names and aliases are compared: "Armenia’s armed forces", "ARMENIA'S
 * armed  forces" and "Armenia's Armed Forces" are one alias. Accents are kept apart from case so
 * that matching stays exact enough for names in other scripts.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/^(the)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
