import { normalizeAsin, normalizeAuthorName, normalizeIsbn, normalizeTitle, splitAuthors, titleKey } from '../matching/index.js';
import type { ReleaseIdentity } from './wanted-book.port.js';

/**
 * The key a book is wanted by, so it is never wanted twice: its ASIN, else its ISBN (as ISBN-13), else its first
 * author and title, each in the matcher's normal form (the title by the one title key the library mirror stores).
 */
export function wantedDedupeKey(book: { asin?: string | null; isbn?: string | null; authors: string[]; title: string }): string {
  const asin = normalizeAsin(book.asin);
  if (asin) return `asin:${asin}`;
  const isbn = normalizeIsbn(book.isbn);
  if (isbn) return `isbn:${isbn}`;
  const first = splitAuthors(book.authors)[0];
  const title = titleKey(book.title);
  if (!title) throw new RangeError('a wanted book needs a title');
  return `title:${first ? normalizeAuthorName(first) : ''}|${title}`;
}

/**
 * What identifies a release in a book's blocklist: its info hash (the same torrent from any indexer), else its
 * indexer and guid. Null when the release carries neither (nothing to blocklist it by).
 */
export function blocklistKey(release: ReleaseIdentity): string | null {
  const hash = release.infoHash?.trim().toLowerCase();
  if (hash) return `hash:${hash}`;
  if (release.guid) return `guid:${release.indexer ?? ''}:${release.guid}`;
  return null;
}

/** Is this release in the book's blocklist (by hash, or by indexer + guid)? For the search: never choose it again. */
export function isBlocklisted(blocklistKeys: ReadonlySet<string>, release: ReleaseIdentity): boolean {
  const byHash = release.infoHash ? blocklistKey({ infoHash: release.infoHash }) : null;
  const byGuid = release.guid ? blocklistKey({ indexer: release.indexer ?? null, guid: release.guid }) : null;
  return (byHash !== null && blocklistKeys.has(byHash)) || (byGuid !== null && blocklistKeys.has(byGuid));
}

/** Every key of a book's blocklist entries (an entry with both a hash and a guid is known by both). */
export function blocklistKeySet(entries: readonly ReleaseIdentity[]): Set<string> {
  const keys = new Set<string>();
  for (const e of entries) {
    if (e.infoHash) keys.add(blocklistKey({ infoHash: e.infoHash })!);
    if (e.guid) keys.add(blocklistKey({ indexer: e.indexer ?? null, guid: e.guid })!);
  }
  return keys;
}

/** The keys a wanted title is looked up by in the mirror: the mirror's own stored key, and the matcher's title key. */
export function mirrorTitleKeys(title: string): string[] {
  return [...new Set([normalizeTitle(title), titleKey(title)].filter((k) => k !== ''))];
}

