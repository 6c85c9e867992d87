/**
 * Multi-book products (box sets, "Books 1-3", omnibus, collections) and split products (one part or some
 * discs of a split audiobook). "Trilogy"-style words are only meaningful in a title, not in a series name
 * ("The Shadow and Bone Trilogy #1" is a single book), so they are checked on the parsed title elsewhere.
 */
import type { CollectionKind } from './types.js';
import { word } from './word-pattern.js';

const RANGE = word(String.raw`(?:books?|vols?\.?|volumes?|#)\s*(\d+)\s*(?:-|–|to|thru|&|and)\s*(\d+)`);
const BARE_RANGE_BEFORE_BOX = word(String.raw`\d+\s*-\s*\d+\s+box(?:ed)?[\s-]?set`);
const BOX_SET = word(String.raw`box(?:ed)?[\s-]?set|boxset|series\s+pack|bundle`);
const OMNIBUS = word(String.raw`omnibus`);
const COLLECTION = word(String.raw`collection|anthology|collected\s+(?:works|novels|stories)`);
const COMPLETE = word(String.raw`the\s+complete|complete\s+(?:series|collection|works|novels|saga|trilogy|set)`);
export const SERIES_WORDS = word(String.raw`trilogy|duology|tetralogy|quartet|quintet|sextet|septology|series`);

const PART = word(String.raw`(?:part|pt\.?)\s*(\d+)\s*(?:of|/)\s*(\d+)`);
const DISCS = word(String.raw`(?:discs?|disks?|cds?)\s*(\d+)(?:\s*-\s*(\d+))?\s*(?:of|/)\s*(\d+)`);
const VOLUME_OF = word(String.raw`(?:volume|vol\.?)\s*(\d+)\s*of\s*(\d+)`);
const BARE_OF = /^\s*(\d+)\s+of\s+(\d+)\s*$/i;

export interface CollectionMarker {
  kind: CollectionKind;
  marker: string;
}

export function readCollection(spaced: string): CollectionMarker | null {
  const range = RANGE.exec(spaced);
  if (range && Number(range[2]) > Number(range[1])) return { kind: 'range', marker: range[0] };
  const checks: [CollectionKind, RegExp][] = [
    ['box-set', BARE_RANGE_BEFORE_BOX],
    ['box-set', BOX_SET],
    ['omnibus', OMNIBUS],
    ['complete', COMPLETE],
    ['collection', COLLECTION],
  ];
  for (const [kind, re] of checks) {
    const m = re.exec(spaced);
    if (m) return { kind, marker: m[0] };
  }
  return null;
}

export interface PartMarker {
  marker: string;
  /** "Disc 1-12 of 12" covers the whole book. */
  whole: boolean;
}

export function readPart(spaced: string, groups: string[]): PartMarker | null {
  const part = PART.exec(spaced);
  if (part) return { marker: part[0], whole: Number(part[2]) <= 1 };
  const discs = DISCS.exec(spaced);
  if (discs) {
    const from = Number(discs[1]);
    const to = discs[2] === undefined ? from : Number(discs[2]);
    const total = Number(discs[3]);
    return { marker: discs[0], whole: from <= 1 && to >= total };
  }
  const volume = VOLUME_OF.exec(spaced);
  if (volume) return { marker: volume[0], whole: Number(volume[2]) <= 1 };
  for (const g of groups) {
    const bare = BARE_OF.exec(g);
    if (bare) return { marker: g, whole: Number(bare[2]) <= 1 };
  }
  return null;
}

/** Part/disc wording, stripped from segments. */
export const PART_NOISE = new RegExp(`${PART.source}|${DISCS.source}|${VOLUME_OF.source}`, 'giu');
