/**
 * Languages as providers write them — Audible "english", Open Library "eng"/"ger", Google "en" — folded to ISO
 * 639-1, and a light reading of whether a title is written in another language than English (non-Latin script, or
 * function words of another language), for library items that carry no language.
 */

const NAMES: Record<string, string> = {
  english: 'en', eng: 'en', en: 'en',
  german: 'de', deutsch: 'de', ger: 'de', deu: 'de', de: 'de',
  french: 'fr', fre: 'fr', fra: 'fr', francais: 'fr', fr: 'fr',
  spanish: 'es', spa: 'es', espanol: 'es', es: 'es',
  italian: 'it', ita: 'it', it: 'it',
  swedish: 'sv', swe: 'sv', sv: 'sv',
  dutch: 'nl', dut: 'nl', nld: 'nl', nl: 'nl',
  portuguese: 'pt', por: 'pt', pt: 'pt',
  danish: 'da', dan: 'da', da: 'da',
  norwegian: 'no', nor: 'no', nob: 'no', no: 'no', nb: 'no',
  finnish: 'fi', fin: 'fi', fi: 'fi',
  polish: 'pl', pol: 'pl', pl: 'pl',
  russian: 'ru', rus: 'ru', ru: 'ru',
  japanese: 'ja', jpn: 'ja', ja: 'ja',
  chinese: 'zh', chi: 'zh', zho: 'zh', mandarin: 'zh', zh: 'zh',
};

export function languageCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const k = raw.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (k === '') return null;
  return NAMES[k] ?? (k.length === 2 ? k : k);
}

// Short function words of other languages that English titles do not use.
const FOREIGN_WORDS = new Set([
  // German
  'der', 'die', 'das', 'und', 'zum', 'zur', 'vom', 'eine', 'einer', 'eines', 'ein', 'im', 'mit', 'dem', 'den', 'des', 'ist', 'nicht', 'auf', 'aus', 'bis',
  // French
  'le', 'la', 'les', 'une', 'des', 'du', 'et', 'aux', 'sur', 'dans', 'pour', 'ou',
  // Spanish, Italian, Portuguese
  'el', 'los', 'las', 'y', 'del', 'il', 'lo', 'gli', 'della', 'di', 'em', 'os', 'uma', 'cien', 'anos', 'sobre', 'que',
  'para', 'por', 'con', 'sin', 'degli', 'nel', 'alla', 'sulla', 'dos', 'das', 'da', 'do',
  // Dutch, Scandinavian
  'voor', 'naar', 'niet', 'ikke', 'jeg', 'af',
  // French
  'qui', 'est', 'pas', 'au',
  // Swedish, Danish, Norwegian, Dutch
  'som', 'och', 'av', 'och', 'ett', 'en', 'och', 'med', 'og', 'het', 'een', 'van', 'och',
]);
// Words that occur in English titles too and so prove nothing alone.
const AMBIGUOUS = new Set(['die', 'a', 'en', 'la', 'le', 'el', 'lo', 'il', 'des', 'ou', 'y', 'di', 'em', 'os', 'av', 'im', 'ein', 'den', 'van', 'med', 'bis', 'et', 'du', 'da', 'do', 'que', 'para', 'con', 'sin', 'af', 'au', 'est', 'pas', 'por']);

/** Does the title read as another language than English? Non-Latin script, or a non-English function word. */
export function nonLatin(text: string): boolean {
  return /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Hebrew}]/u.test(text);
}


export function looksForeign(title: string): boolean {
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Hebrew}]/u.test(title)) return true;
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  // German spellings English does not use: umlauts and ß, words ending in "-cht" ("erwacht", "Nacht").
  if (/[äöüßñãõç]/i.test(title) || (title.match(/[éèêàâîôûåø]/gi) ?? []).length >= 2) return true;
  if (words.some((w) => w.length > 4 && w.endsWith('cht') && w !== 'yacht')) return true;
  const foreign = [...new Set(words.filter((w) => FOREIGN_WORDS.has(w)))];
  if (foreign.some((w) => !AMBIGUOUS.has(w))) return true;
  return foreign.length >= 2;
}
