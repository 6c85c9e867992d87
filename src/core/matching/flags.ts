/**
 * Product kinds that make a record a different product than the plain book even when the title matches:
 * abridged editions, dramatisations, graphic-novel adaptations, summaries and study guides, young-readers
 * rewrites, one part of a split audiobook, and multi-book sets. The corpus labels (and users) treat each as
 * "not the same book" unless both sides are that kind.
 */
export type ProductFlag = 'abridged' | 'dramatized' | 'graphic' | 'summary' | 'young-readers' | 'split-part' | 'collection';

const ABRIDGED_RE = /(?<!un)abridg(?:ed|ment|ement)\b|\bconcise\b|\bcondensed\b/i;
const DRAMATIZED_RE =
  /dramati[sz](?:ed|ation)|\bfull[- ]cast\b|\bbbc radio\b|\bradio (?:drama|play|adaptation|4)\b|\b(?:audio|audible original) (?:drama|movie|play)\b|\bgraphic ?audio\b/i;
const GRAPHIC_RE =
  /\bgraphic (?:novels?|history|adaptation|memoir)\b|\b(?:comic|manga) (?:book )?(?:adaptation|edition|version)\b|\bthe manga\b/i;
const SUMMARY_RE =
  /^summary\b|\bsummary (?:of|and|&)\b|\bsummary: |\bworkbook\b|\bstudy guide\b|\bspark ?notes\b|\bcliff'?s? ?notes\b|\bliterature guide\b|\banalysis of\b|\bbased on the book by\b|\bbook summary\b|\bkey takeaways\b/i;
const YOUNG_RE = /\byoung (?:readers?|adult adaptation|people'?s edition)\b|\badapted for young\b|\bfor young readers\b/i;
// "Part 1 of 2", "(Part Two of Three)"
const PART_OF_RE =
  /\b(?:part|volume|vol\.?|disc|cd)\s+(?:\d+|one|two|three|four|five|six|[ivx]+)\s+of\s+(?:\d+|two|three|four|five|six|[ivx]+)\b|^\s*\(?\d\s+of\s+\d\)?\s*$/i;
// A segment that is nothing but "Part One" / "Part 2" (a split edition's subtitle).
const PART_ONLY_RE = /^part\s+(?:\d+|one|two|three|four|five|six|[ivx]+)$/i;
const SUMMARY_AUTHOR_RE = /summar(?:y|ies)|spark ?notes|cliff'?s? ?notes/i;

// Multi-book products. Only read from the title itself (a subtitle such as "The Complete Expanse Story
// Collection" can describe a single book).
const COLLECTION_TITLE_RE =
  /\bbox(?:ed)? ?set\b|\bboxset\b|\bcollection\b|\btrilogy\b|\bquartet\b|\bquintet\b|\bomnibus\b(?! edition)|\banthology\b|\bcomplete (?:works|series|novels|saga|collection|chronicles)\b|^(?:the )?complete (?!edition)|\b(?:books?|volumes?|vols?\.?) \d+ ?(?:-|–|to|&|and) ?\d+\b|\b\d+[- ]book\b|\bseries$|\bseries pack\b|\bbundle\b/i;
const COLLECTION_ANY_RE =
  /\bbox(?:ed)? ?set\b|\bboxset\b|\b(?:books?|volumes?|vols?\.?) \d+ ?(?:-|–|to|&|and) ?\d+\b|\b\d+[- ]book\b|\bcomplete collection\b|\bseries pack\b/i;

/** Flags readable anywhere in a record's text (title, brackets, subtitle, series names). */
export function detectFlags(text: string, into: Set<ProductFlag>): void {
  if (ABRIDGED_RE.test(text)) into.add('abridged');
  if (DRAMATIZED_RE.test(text)) into.add('dramatized');
  if (GRAPHIC_RE.test(text)) into.add('graphic');
  if (SUMMARY_RE.test(text)) into.add('summary');
  if (YOUNG_RE.test(text)) into.add('young-readers');
  if (PART_OF_RE.test(text)) into.add('split-part');
  if (COLLECTION_ANY_RE.test(text)) into.add('collection');
}

/** Flags that only count when the words are the title of the record (not its subtitle). */
export function detectTitleFlags(title: string, into: Set<ProductFlag>): void {
  if (COLLECTION_TITLE_RE.test(title.trim())) into.add('collection');
}

export function isPartOnly(segment: string): boolean {
  return PART_ONLY_RE.test(segment.trim());
}

export function isSummaryAuthor(name: string): boolean {
  return SUMMARY_AUTHOR_RE.test(name);
}

// Edition wording that does not change the work: "Illustrated Edition", "(TV Tie-in Edition)",
// "Tenth Anniversary Author's Definitive Edition", "The Complete Edition", "Omnibus Edition".
const EDITION_WORDS =
  String.raw`(?:illustrated|anniversary|\d+(?:st|nd|rd|th)|tenth|twentieth|fiftieth|deluxe|special|collector'?s|definitive|author'?s|preferred|expanded|revised|updated|complete|uncut|unabridged|omnibus|new|tie-?in|movie|film|tv|media|gift|hardcover|paperback|library|reissue|classic|annotated|anniversary|collectors|limited)`;
const EDITION_ONLY_RE = new RegExp(String.raw`^(?:the |an? )?(?:${EDITION_WORDS}[\s-]+)*(?:edition|version|tie-?in)$`, 'i');
const EDITION_TAIL_RE = new RegExp(String.raw`[\s,:-]+(?:the |an? )?(?:${EDITION_WORDS}[\s-]+)+(?:edition|version)$`, 'i');

// Wording that says the record adapts or illustrates a work: a graphic-novel, comic or manga version, "adapted by",
// an "illustrated" retelling. Edition wording ("Illustrated Edition", "(Illustrated)") is removed first: an
// illustrated edition of the full text is the same book.
const ADAPTATION_CUE_RE =
  /\b(?:adapted|adaptations?|adapter|retold|retellings?|illustrated|illustrations?|illustrator|comics?|manga|graphic(?! ?audio))\b/i;
const EDITION_PHRASE_RE = new RegExp(
  String.raw`(?:\b(?:the |an? )?(?:${EDITION_WORDS}[\s-]+)+(?:edition|version)\b(?!\s+of\b))|[([]\s*(?:fully\s+)?illustrated\s*[)\]]`,
  'gi',
);

/**
 * Does the text say the record is an adaptation or an illustrated version of a work ("The Graphic Novel",
 * "Adapted by …", "An Illustrated Retelling")? Not for edition wording ("Illustrated Edition"). Only a cue: the
 * comparison also asks for a contributor (adapter, illustrator) the other record does not name.
 */
export function hasAdaptationCue(text: string): boolean {
  return ADAPTATION_CUE_RE.test(text.replace(EDITION_PHRASE_RE, ' '));
}

/** True for a segment that only names an edition ("Illustrated Edition"). */
export function isEditionOnly(segment: string): boolean {
  return EDITION_ONLY_RE.test(segment.trim());
}

/** Removes trailing edition wording from a title segment ("Wool Omnibus Edition" → "Wool"). */
export function stripEditionTail(segment: string): string {
  const stripped = segment.replace(EDITION_TAIL_RE, '').trim();
  return stripped === '' ? segment : stripped;
}

// Bracketed or trailing noise that scanners add: (Unabridged), [Audiobook], (2011), [MP3], (Retail).
const NOISE_ONLY_RE =
  /^(?:unabridged|audio ?book|audio|retail|mp3|m4b|aac|flac|english|eng|en|audible( audio)?( edition)?|audio cd|cd|digital|ebook|kindle edition|\d{2,3} ?k(?:bps|b\/s)?)$/i;
const YEAR_RE = /^(?:1[5-9]|20)\d\d(?:[-–]\d{2,4})?$/;

/** Scanner noise. Years count only in brackets: "(2011)" is noise, "2001: A Space Odyssey" is a title. */
export function isNoise(text: string, inBrackets = false): boolean {
  const t = text.trim();
  return NOISE_ONLY_RE.test(t) || (inBrackets && YEAR_RE.test(t));
}

/** Product flags that are not on both sides (their symmetric difference). */
export function flagConflicts(a: ReadonlySet<ProductFlag>, b: ReadonlySet<ProductFlag>): ProductFlag[] {
  const out: ProductFlag[] = [];
  for (const f of a) if (!b.has(f)) out.push(f);
  for (const f of b) if (!a.has(f)) out.push(f);
  return out;
}
