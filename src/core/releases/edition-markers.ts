import { word } from './word-pattern.js';

/**
 * Edition markers: what kind of product the release is, beyond which book. Each returns the matched text
 * (used in the refusal reason) or null.
 */
const UNABRIDGED = word(String.raw`unabridged|ungek(?:ü|ue)rzt|integral|íntegro|integrale`);
const ABRIDGED = word(String.raw`abridged|gek(?:ü|ue)rzt|condensed|abr(?:eg|ég)(?:é|e)`);
const DRAMATIZED = word(
  String.raw`dramati[sz](?:ed|ation)|graphic\s?audio|full[\s-]cast|radio\s+(?:drama|play|dramati[sz]ation)|audio\s+drama|bbc\s+radio(?:\s*\d)?|h(?:ö|oe)rspiel|audio\s+movie|full\s+dramati[sz]ation`,
);
const SAMPLE = word(
  String.raw`sample|preview|excerpt|teaser|snippet|chapters?\s+(?:1|one)\s+only|first\s+chapter(?:\s+only)?`,
);
const SUMMARY = word(
  String.raw`summary\s+of|summary\s*(?:&|and)\s*analysis|study\s+guide|workbook(?:\s+for)?|sparknotes|cliffs\s?notes|book\s+summary|instaread|quickread|readtrepreneur(?:\s+publishing)?|worth\s+books|supersummary|bright\s+summaries`,
);
const GRAPHIC = word(String.raw`graphic\s+novel|graphic\s+adaptation|comic\s+(?:book\s+)?adaptation|manga\s+adaptation`);
const ADAPTATION = word(
  String.raw`young\s+(?:adult|readers?'?)\s+(?:adaptation|edition|version)|adapted\s+for\s+young\s+(?:readers|people)|for\s+young\s+readers|children'?s\s+(?:adaptation|edition)`,
);

const UNABRIDGED_ALL = new RegExp(UNABRIDGED.source, 'giu');

function find(re: RegExp, text: string): string | null {
  return re.exec(text)?.[0] ?? null;
}

export interface EditionMarkers {
  unabridged: boolean;
  abridged: boolean;
  dramatized: string | null;
  sample: string | null;
  summary: string | null;
  graphicNovel: string | null;
  adaptation: string | null;
}

export function readEdition(spaced: string): EditionMarkers {
  // "Unabridged" contains "abridged": look for "abridged" only once the unabridged words are gone.
  const withoutUnabridged = spaced.replace(UNABRIDGED_ALL, ' ');
  return {
    unabridged: UNABRIDGED.test(spaced),
    abridged: ABRIDGED.test(withoutUnabridged),
    dramatized: find(DRAMATIZED, spaced),
    sample: find(SAMPLE, spaced),
    summary: find(SUMMARY, spaced),
    graphicNovel: find(GRAPHIC, spaced),
    adaptation: find(ADAPTATION, spaced),
  };
}

/** Marker words that never belong to a title, stripped from segments before the title is compared. */
export const EDITION_NOISE = new RegExp(
  [UNABRIDGED, ABRIDGED, SAMPLE].map((r) => r.source).join('|') +
    String.raw`|(?<![\p{L}\p{N}])(?:audio\s?books?|audio\s?libro|retail|true)(?![\p{L}\p{N}])`,
  'giu',
);
