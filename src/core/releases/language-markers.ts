/**
 * Language markers of release names. Only strong signals count: a bracketed language name or code
 * ("[German]", "[GER]", "[ENG / M4B]"), the local word for "audiobook" ("Hörbuch", "Audiolibro", "Livre audio")
 * or a title written in another script. A name without any marker is taken as English (the indexers
 * searched are English-speaking), which the preferences can change.
 */
import { word } from './word-pattern.js';

export interface LanguageMarker {
  code: string;
  marker: string;
}

interface LanguageEntry {
  code: string;
  name: string;
  /** Names and codes accepted only as a whole bracketed group or the lead of "XX / FORMAT". */
  bracketed: string[];
  /** Words that give the language away anywhere in the name. */
  words: RegExp | null;
}

const LANGUAGES: LanguageEntry[] = [
  { code: 'en', name: 'English', bracketed: ['english', 'eng', 'en'], words: null },
  {
    code: 'de',
    name: 'German',
    bracketed: ['german', 'deutsch', 'ger', 'deu', 'de'],
    words: word(String.raw`h(?:ö|oe)rbuch|h(?:ö|oe)rspiel|ungek(?:ü|ue)rzt|gek(?:ü|ue)rzt|gelesen von`),
  },
  { code: 'es', name: 'Spanish', bracketed: ['spanish', 'español', 'espanol', 'spa', 'esp', 'es', 'castellano'], words: word(String.raw`audiolibro`) },
  { code: 'fr', name: 'French', bracketed: ['french', 'français', 'francais', 'fre', 'fra', 'fr', 'vf'], words: word(String.raw`livre audio`) },
  { code: 'it', name: 'Italian', bracketed: ['italian', 'italiano', 'ita'], words: null },
  { code: 'pt', name: 'Portuguese', bracketed: ['portuguese', 'português', 'portugues', 'por', 'pt', 'pt-br', 'ptbr'], words: word(String.raw`audiolivro`) },
  { code: 'nl', name: 'Dutch', bracketed: ['dutch', 'nederlands', 'dut', 'nld', 'nl', 'flemish'], words: word(String.raw`luisterboek`) },
  { code: 'sv', name: 'Swedish', bracketed: ['swedish', 'svenska', 'swe', 'sv'], words: word(String.raw`ljudbok`) },
  { code: 'da', name: 'Danish', bracketed: ['danish', 'dansk', 'dan'], words: word(String.raw`lydbog`) },
  { code: 'no', name: 'Norwegian', bracketed: ['norwegian', 'norsk', 'nor', 'nob'], words: word(String.raw`lydbok`) },
  { code: 'fi', name: 'Finnish', bracketed: ['finnish', 'suomi', 'fin', 'fi'], words: word(String.raw`(?:ä|a)(?:ä|a)nikirja`) },
  { code: 'pl', name: 'Polish', bracketed: ['polish', 'polski', 'pol', 'pl'], words: word(String.raw`audiobook pl|książka audio`) },
  { code: 'cs', name: 'Czech', bracketed: ['czech', 'čeština', 'cze', 'ces', 'cz'], words: word(String.raw`audiokniha`) },
  { code: 'hu', name: 'Hungarian', bracketed: ['hungarian', 'magyar', 'hun', 'hu'], words: word(String.raw`hangosk(?:ö|o)nyv`) },
  { code: 'ru', name: 'Russian', bracketed: ['russian', 'rus', 'ru'], words: word(String.raw`аудиокнига`) },
  { code: 'tr', name: 'Turkish', bracketed: ['turkish', 'türkçe', 'tur', 'tr'], words: word(String.raw`sesli kitap`) },
  { code: 'ja', name: 'Japanese', bracketed: ['japanese', 'jpn', 'jp', 'ja'], words: null },
  { code: 'zh', name: 'Chinese', bracketed: ['chinese', 'mandarin', 'chi', 'zho', 'zh'], words: null },
  { code: 'ko', name: 'Korean', bracketed: ['korean', 'kor', 'ko'], words: null },
];

const BY_BRACKET = new Map<string, LanguageEntry>();
for (const entry of LANGUAGES) for (const b of entry.bracketed) BY_BRACKET.set(b, entry);

const SCRIPTS: { code: string; re: RegExp }[] = [
  { code: 'ru', re: /\p{Script=Cyrillic}{2,}/u },
  { code: 'ja', re: /[\p{Script=Hiragana}\p{Script=Katakana}]{2,}/u },
  { code: 'zh', re: /\p{Script=Han}{2,}/u },
  { code: 'ko', re: /\p{Script=Hangul}{2,}/u },
  { code: 'el', re: /\p{Script=Greek}{3,}/u },
  { code: 'he', re: /\p{Script=Hebrew}{2,}/u },
  { code: 'ar', re: /\p{Script=Arabic}{2,}/u },
];

const NAMES: Record<string, string> = { el: 'Greek', he: 'Hebrew', ar: 'Arabic' };
for (const entry of LANGUAGES) NAMES[entry.code] = entry.name;

/** "ENG", "eng", "English", "en" → "en"; unknown codes are only lower-cased. */
export function normalizeLanguageCode(code: string): string {
  const c = code.trim().toLowerCase();
  return BY_BRACKET.get(c)?.code ?? (c.length === 2 ? c : (LANGUAGES.find((l) => l.code === c.slice(0, 2))?.code ?? c));
}

export function languageName(code: string): string {
  return NAMES[code] ?? code.toUpperCase();
}

/** Every local "audiobook" word, to strip from title segments. */
export const LANGUAGE_NOISE = new RegExp(LANGUAGES.flatMap((l) => (l.words ? [l.words.source] : [])).join('|'), 'giu');

const ANY_WORD = new RegExp(LANGUAGE_NOISE.source, 'iu');
const NON_ASCII = /[^\x00-\x7f]/;

export function readLanguage(groups: string[], spaced: string): LanguageMarker | null {
  for (const group of groups) {
    // "ENG / M4B", "GER", "Hörbuch, ungekürzt", "PT-BR"
    for (const part of group.split(/\s*[/,|+]\s*/)) {
      const entry = BY_BRACKET.get(part.trim().toLowerCase());
      if (entry) return { code: entry.code, marker: `[${part.trim()}]` };
    }
  }
  if (ANY_WORD.test(spaced)) {
    for (const entry of LANGUAGES) {
      const m = entry.words?.exec(spaced);
      if (m) return { code: entry.code, marker: m[0] };
    }
  }
  if (!NON_ASCII.test(spaced)) return null;
  for (const script of SCRIPTS) {
    const m = script.re.exec(spaced);
    if (m) return { code: script.code, marker: m[0] };
  }
  return null;
}

/** The script-implied language of a text (used to excuse a wanted title that is itself in that script). */
export function scriptLanguage(text: string): string | null {
  for (const script of SCRIPTS) if (script.re.test(text)) return script.code;
  return null;
}
