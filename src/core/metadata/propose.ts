import { authorsOverlap } from './persons.js';
import { decideFields, type Matched } from './fields.js';
import { candidateRecord, compareRecords, durationsAgree, judgeCandidate } from './identify.js';
import { applyFields, qualityScore } from './quality.js';
import type { LibraryItem, MetadataCandidate, MetadataProposal } from './types.js';

/**
 * The metadata decision for one library item: which candidates are this very book (identify.ts), and the value,
 * source and confidence of each field to change (fields.ts), with the quality of the metadata before and after.
 * Pure: the jobs, the CLI and the evaluation all call this one function.
 */
export function proposeMetadata(item: LibraryItem, candidates: readonly MetadataCandidate[]): MetadataProposal {
  const verdicts = candidates.map((c) => judgeCandidate(item, c));
  const judged: Matched[] = candidates.map((candidate, i) => ({ candidate, verdict: verdicts[i]! }));
  const matched = consistent(item, withSameBook(item, judged, judged.filter((m) => m.verdict.same)));
  const kept = new Set(matched.map((m) => m.candidate.ref));
  for (const m of judged) {
    if (m.verdict.same && !kept.has(m.candidate.ref)) {
      m.verdict.same = false;
      m.verdict.score = Math.min(m.verdict.score, 0.45);
      m.verdict.reasons.push('ambiguous:records-credit-other-authors');
    }
  }
  const { fields, confirmed } = decideFields(item, matched);
  return {
    match: matched.map((m) => m.candidate.ref),
    verdicts,
    fields,
    confirmed,
    quality: { current: qualityScore(item), proposed: qualityScore(applyFields(item, fields)) },
  };
}

/** Refusals a record of the same book as a matched one cannot overturn: they say the record is another product. */
const HARD_REFUSAL = /^(?:other-language|product-differs|duration-differs|series-position-differs|authors-differ|asin-differs|ambiguous)/;

/**
 * A record the item alone could not place (a title-only item "Series, Book 1" against a record without the series
 * position) joins when it is the same book as a matched record by identifier or title and authors, and nothing
 * about the item refuses it.
 */
function withSameBook(item: LibraryItem, judged: Matched[], matched: Matched[]): Matched[] {
  if (matched.length === 0) return matched;
  const out = [...matched];
  for (const m of judged) {
    if (m.verdict.same || m.verdict.reasons.some((r) => HARD_REFUSAL.test(r))) continue;
    const anchor = matched.find((a) => {
      const r = compareRecords(candidateRecord(a.candidate), candidateRecord(m.candidate));
      return r.same && r.reasons.some((x) => /^(?:asin-equal|isbn-equal|title:exact|title:reading)$/.test(x)) && !r.reasons.includes('authors:unknown');
    });
    if (!anchor) continue;
    m.verdict.same = true;
    m.verdict.score = Math.min(anchor.verdict.score, 0.7);
    m.verdict.reasons.push(`same-book-as:${anchor.candidate.ref}`);
    out.push(m);
  }
  return judged.filter((m) => out.includes(m));
}

/**
 * Records matched on the title alone (the item names no author) must credit the same people. When they split into
 * groups that share no author, the group whose runtime agrees with the item's wins; without that, none is taken.
 */
function consistent(item: LibraryItem, matched: Matched[]): Matched[] {
  if (item.authors.length > 0 || matched.length < 2) return matched;
  const groups: Matched[][] = [];
  for (const m of matched) {
    const g = groups.find((grp) => grp.some((x) => authorsOverlap(x.candidate.authors, m.candidate.authors) > 0 || x.candidate.authors.length === 0 || m.candidate.authors.length === 0));
    if (g) g.push(m);
    else groups.push([m]);
  }
  if (groups.length === 1) return matched;
  const timed = groups.filter((g) => g.some((m) => durationsAgree(item.durationMinutes, m.candidate.durationMinutes) === true));
  return timed.length === 1 ? timed[0]! : [];
}
