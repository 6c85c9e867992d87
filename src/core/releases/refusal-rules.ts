import { judgeIdentity, type Identity } from './book-identity.js';
import { SERIES_WORDS } from './collection-markers.js';
import { languageName, normalizeLanguageCode } from './language-markers.js';
import type { ReleasePreferences } from './preferences.js';
import { formatRate, formatSize } from './size.js';
import type { IndexerResult, ParsedReleaseName, Refusal } from './types.js';
import type { WantedContext } from './wanted-context.js';

/**
 * The refusal rules, in the order their reason is reported: what the product is (ebook, comic, summary,
 * adaptation), which edition (language, dramatised, abridged), how much of a book it holds (box set, part,
 * sample), whether it is the wanted book at all, then plausibility of size and swarm health.
 */
export interface RuleInput {
  ctx: WantedContext;
  result: IndexerResult;
  parsed: ParsedReleaseName;
  prefs: ReleasePreferences;
  mibPerHour: number | null;
}

const NON_AUDIO_NAMES: Record<number, string> = {
  7000: 'Books',
  7010: 'Books/Mags',
  7020: 'Books/EBook',
  7030: 'Books/Comics',
  7040: 'Books/Technical',
};

function isAudioCategory(id: number): boolean {
  return id >= 3000 && id < 4000;
}

/** Tracker-specific ids (≥ 100000) are ambiguous — MAM's audiobook and ebook sub-categories overlap. */
function categoryRefusal(categories: number[]): string | null {
  const standard = categories.filter((c) => c < 100000);
  if (standard.length === 0 || standard.some(isAudioCategory)) return null;
  const first = standard[0] ?? 0;
  return NON_AUDIO_NAMES[first] ?? `category ${first}`;
}

function wantedSays(ctx: WantedContext, marker: string): boolean {
  return ctx.titleText.includes(marker.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
}

function refusal(code: Refusal['code'], reason: string): Refusal {
  return { code, reason };
}

type Rule = (input: RuleInput) => Refusal | null;

const productRules: Rule[] = [
  ({ parsed, result, ctx }) => {
    const comic = parsed.ebookFormats.find((f) => f === 'cbz' || f === 'cbr');
    if (comic) return refusal('graphic-novel', `graphic novel (${comic.toUpperCase()})`);
    if (parsed.graphicNovel && !wantedSays(ctx, parsed.graphicNovel)) return refusal('graphic-novel', `graphic novel ("${parsed.graphicNovel}")`);
    return result.categories.includes(7030) ? refusal('graphic-novel', 'graphic novel (Books/Comics)') : null;
  },
  ({ parsed }) => {
    const ebook = parsed.ebookFormats.find((f) => f !== 'cbz' && f !== 'cbr');
    // A name stating both an audio format and an ebook format is an audiobook with a bundled ebook.
    return ebook && parsed.format === null ? refusal('ebook', `ebook (${ebook.toUpperCase()})`) : null;
  },
  ({ result }) => {
    const category = categoryRefusal(result.categories);
    return category ? refusal('non-audio-category', `not an audiobook (${category})`) : null;
  },
  ({ parsed, ctx }) =>
    parsed.summary && !wantedSays(ctx, parsed.summary) ? refusal('summary', `summary knock-off ("${parsed.summary}")`) : null,
  ({ parsed, ctx }) =>
    parsed.adaptation && !wantedSays(ctx, parsed.adaptation)
      ? refusal('adaptation', `adaptation, not the original ("${parsed.adaptation}")`)
      : null,
];

const editionRules: Rule[] = [
  ({ parsed, result, prefs, ctx }) => {
    const code = normalizeLanguageCode(result.language ?? parsed.language ?? prefs.assumedLanguage);
    if (parsed.language !== null && parsed.language === ctx.titleScript && result.language === null) return null;
    const accepted = (ctx.book.language ? [ctx.book.language] : prefs.languages).map(normalizeLanguageCode);
    return accepted.includes(code)
      ? null
      : refusal('language', `${languageName(code)}-language edition${parsed.languageMarker ? ` (${parsed.languageMarker})` : ''}`);
  },
  ({ parsed, prefs, ctx }) =>
    parsed.dramatized && !prefs.allowDramatized && !wantedSays(ctx, parsed.dramatized)
      ? refusal('dramatized', `dramatised adaptation ("${parsed.dramatized}")`)
      : null,
  ({ parsed, prefs, ctx }) =>
    parsed.abridged && !prefs.allowAbridged && !wantedSays(ctx, 'abridged') ? refusal('abridged', 'abridged edition') : null,
];

const contentRules: Rule[] = [
  ({ parsed, ctx }) => {
    const c = parsed.collection;
    if (!c || wantedSays(ctx, c.marker)) return null;
    return refusal('box-set', c.kind === 'range' ? `box set ("${c.marker}")` : `${c.kind.replace('-', ' ')} ("${c.marker}")`);
  },
  ({ parsed, ctx }) => {
    // "The Millennium Trilogy", "The Foundation Trilogy": series words in the title, not in a series tag.
    const title = parsed.title ?? '';
    return SERIES_WORDS.test(title) && !SERIES_WORDS.test(ctx.titleText) && !/\bseries\b/i.test(title)
      ? refusal('box-set', `series collection ("${title}")`)
      : null;
  },
  ({ parsed }) => (parsed.part && !parsed.part.whole ? refusal('partial', `only part of the book ("${parsed.part.marker}")`) : null),
  ({ parsed, mibPerHour }) =>
    parsed.sample
      ? refusal('sample', `sample: ${mibPerHour === null ? `"${parsed.sample}"` : formatRate(mibPerHour)}`)
      : null,
];

const healthRules: Rule[] = [
  ({ mibPerHour, prefs, result }) => {
    if (mibPerHour !== null)
      return mibPerHour < prefs.minMibPerHour ? refusal('sample', `sample: ${formatRate(mibPerHour)}`) : null;
    return result.sizeBytes < prefs.minBytesWhenDurationUnknown
      ? refusal('too-small', `too small for an audiobook: ${formatSize(result.sizeBytes)}`)
      : null;
  },
  ({ mibPerHour, prefs, parsed }) => {
    const lossy = parsed.format === 'mp3' || parsed.format === 'm4b' || parsed.format === 'm4a';
    return lossy && mibPerHour !== null && mibPerHour > prefs.maxLossyMibPerHour
      ? refusal('too-large', `too large for one book: ${formatRate(mibPerHour)}`)
      : null;
  },
  ({ result, prefs }) => {
    if (result.protocol === 'usenet' || result.seeders === null) return null;
    return result.seeders < prefs.minSeeders
      ? refusal('seeders', result.seeders === 0 ? '0 seeders' : `${result.seeders} seeders (minimum ${prefs.minSeeders})`)
      : null;
  },
];

const beforeIdentity: Rule[] = [...productRules, ...editionRules, ...contentRules];

export interface RuleOutcome {
  refusal: Refusal | null;
  identity: string | null;
}

export function applyRules(input: RuleInput): RuleOutcome {
  for (const rule of beforeIdentity) {
    const r = rule(input);
    if (r) return { refusal: r, identity: null };
  }
  const identity: Identity = judgeIdentity(input.ctx, input.parsed);
  if (!identity.same) return { refusal: identity.refusal, identity: null };
  for (const rule of healthRules) {
    const r = rule(input);
    if (r) return { refusal: r, identity: identity.how };
  }
  return { refusal: null, identity: identity.how };
}
