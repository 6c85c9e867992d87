import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareBooks, createOwnedIndex, type BookRecord } from '../../../src/core/matching/index.js';
import { parseLabelledPairs } from '../../../src/core/matching/evaluation.js';
import { describeWithShared } from '../../helpers/shared-material.js';

const library: (BookRecord & { id: string })[] = [
  { id: 'notw', title: 'Kingkiller Chronicle 01 - The Name of the Wind (Unabridged)', authors: ['Rothfuss, Patrick', 'Nick Podehl'], series: [{ name: 'The Kingkiller Chronicle', sequence: '1' }] },
  { id: 'wmf', title: 'Kingkiller Chronicle, Book 2', authors: ['Patrick Rothfuss'], series: [{ name: 'Kingkiller Chronicle', sequence: '2' }] },
  { id: 'gone-grant', title: 'Gone', authors: ['Michael Grant'] },
  { id: 'phm', title: 'PHM', authors: ['Andy Weir'], asin: 'B08G9PRS1K' },
  { id: 'relic', title: 'relic [audiobook]', authors: [] },
];
const index = createOwnedIndex(library);

describe('owned check', () => {
  it('given a provider record of an owned book, then the owned copy is found', () => {
    const hit = index.findOwned({ title: 'The Name of the Wind', subtitle: 'The Kingkiller Chronicle, Book 1', authors: ['Patrick Rothfuss'] });
    expect(hit?.id).toBe('notw');
    expect(hit?.result.same).toBe(true);
  });

  it('given a book whose library title is only "Series, Book N", then it is found by series position', () => {
    const hit = index.findOwned({ title: "The Wise Man's Fear", authors: ['Patrick Rothfuss'], series: [{ name: 'The Kingkiller Chronicle', sequence: '2' }] });
    expect(hit?.id).toBe('wmf');
  });

  it('given the next book of an owned series, then nothing is owned', () => {
    expect(index.findOwned({ title: 'The Doors of Stone', authors: ['Patrick Rothfuss'], series: [{ name: 'The Kingkiller Chronicle', sequence: '3' }] })).toBeNull();
  });

  it('given the same title by another author, then nothing is owned', () => {
    expect(index.findOwned({ title: 'Gone', authors: ['Lisa McMann'] })).toBeNull();
  });

  it('given a matching ASIN under another title, then the owned copy is found', () => {
    expect(index.findOwned({ title: 'Project Hail Mary', authors: ['Andy Weir'], asin: 'B08G9PRS1K' })?.id).toBe('phm');
  });

  it('given an owned item without authors, then the title alone finds it', () => {
    expect(index.findOwned({ title: 'Relic', authors: ['Douglas Preston', 'Lincoln Child'] })?.id).toBe('relic');
  });
});

describeWithShared('corpus/matching.dev.jsonl', 'owned check agrees with the pairwise comparison', (corpus) => {
  // Index every library record of the corpus at once: the index must find each pair the pairwise
  // comparison calls the same, and never report a book the pairwise comparison rejects.
  const pairs = parseLabelledPairs(readFileSync(corpus, 'utf8'));
  const books = pairs.map((p) => ({ ...p.library, id: p.id }));
  const corpusIndex = createOwnedIndex(books);
  const byId = new Map(books.map((b) => [b.id, b]));

  it('given every corpus candidate, then the index finds an owned copy exactly when some library record compares same', () => {
    const misses: string[] = [];
    for (const p of pairs) {
      const hit = corpusIndex.findOwned(p.candidate);
      if (compareBooks(p.library, p.candidate).same && !hit) misses.push(p.id);
      if (hit && !compareBooks(byId.get(hit.id)!, p.candidate).same) misses.push(`${p.id}→${hit.id}`);
    }
    expect(misses).toEqual([]);
  });
});
