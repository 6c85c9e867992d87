import { and, asc, count, eq, inArray, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type { AcquisitionStore, WatchedDownload } from '../../core/acquisition/acquisition.port.js';
import type { OpenDownloads } from '../../core/acquisition/downloads.port.js';
import { toBook } from './wanted-book.repository.js';
import type { Database } from '../client.js';
import { authors, bookAuthors, books, downloads, releases, wantedBooks } from '../schema/index.js';

const ACTIVE_BOOK_STATES = ['SEARCHING', 'GRABBED', 'DOWNLOADING'] as const;
const CLOSED_DOWNLOADS = ['failed', 'removed'] as const;

/**
 * The service's downloads (table downloads) and the releases judged for each wanted book (table releases): the storage
 * of the search, the grab and the download monitor. wanted_books is only read here; its one writer is its repository.
 */
export function createDownloadRepository(db: Database): OpenDownloads & AcquisitionStore {
  return {
    async openHashes() {
      const rows = await db.select({ hash: downloads.qbitHash }).from(downloads).where(inArray(downloads.state, ['queued', 'downloading']));
      return rows.map((r) => r.hash);
    },

    async approvedQueue(limit) {
      const rows = await db
        .select()
        .from(wantedBooks)
        .where(eq(wantedBooks.state, 'APPROVED'))
        .orderBy(sql`${wantedBooks.decidedAt} asc nulls last`, asc(wantedBooks.createdAt), asc(wantedBooks.id))
        .limit(limit);
      return rows.map(toBook);
    },

    async activeCount() {
      const [row] = await db.select({ n: count() }).from(wantedBooks).where(inArray(wantedBooks.state, [...ACTIVE_BOOK_STATES]));
      return row?.n ?? 0;
    },

    async serialized(key, work) {
      // A transaction-scoped advisory lock on its own connection, held while `work` runs on others: every process
      // shares it, and it is released by the commit (or by the server when the connection dies).
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
        return work();
      });
    },

    async recordReleases(wantedBookId, records) {
      if (records.length === 0) return [];
      // One row per guid: the last judgement of a guid in this batch wins.
      const byGuid = new Map(records.map((r) => [r.result.guid, r]));
      const rows = await db
        .insert(releases)
        .values(
          [...byGuid.values()].map((r) => ({
            wantedBookId,
            source: r.source,
            indexer: r.result.indexer,
            guid: r.result.guid,
            title: r.result.title,
            sizeBytes: r.result.sizeBytes,
            seeders: r.result.seeders,
            leechers: r.result.leechers,
            format: r.format,
            freeleech: r.result.freeleech,
            infoUrl: r.result.infoUrl,
            // Never the credential-bearing download link: the indexer id and guid find the release again.
            downloadRef: r.result.indexerId !== undefined ? `${r.result.indexerId}:${r.result.guid}` : null,
            accepted: r.accepted,
            chosen: r.chosen,
            reason: r.reason.slice(0, 2000),
            details: { query: r.query, categories: r.result.categories, vip: r.result.vip, personalFreeleech: r.result.personalFreeleech },
          })),
        )
        .onConflictDoUpdate({
          target: [releases.wantedBookId, releases.guid],
          set: {
            title: sql`excluded.title`,
            sizeBytes: sql`excluded.size_bytes`,
            seeders: sql`excluded.seeders`,
            leechers: sql`excluded.leechers`,
            freeleech: sql`excluded.freeleech`,
            accepted: sql`excluded.accepted`,
            chosen: sql`excluded.chosen`,
            reason: sql`excluded.reason`,
            details: sql`excluded.details`,
            foundAt: sql`now()`,
          },
        })
        .returning({ id: releases.id, guid: releases.guid });
      return rows;
    },

    async ownedCandidates({ asin, isbn, titleKeys }) {
      const conditions = [isNull(books.removedAt)];
      const match = [
        ...(asin ? [eq(books.asin, asin)] : []),
        ...(isbn ? [eq(books.isbn, isbn)] : []),
        ...(titleKeys.length ? [inArray(books.titleKey, titleKeys)] : []),
      ];
      if (match.length === 0) return [];
      const rows = await db
        .select({ id: books.id, title: books.title, subtitle: books.subtitle, asin: books.asin, isbn: books.isbn, narrators: books.narrators })
        .from(books)
        .where(and(...conditions, or(...match)))
        .limit(50);
      if (rows.length === 0) return [];
      const names = await db
        .select({ bookId: bookAuthors.bookId, name: authors.name })
        .from(bookAuthors)
        .innerJoin(authors, eq(authors.id, bookAuthors.authorId))
        .where(inArray(bookAuthors.bookId, rows.map((r) => r.id)))
        .orderBy(asc(bookAuthors.position));
      return rows.map((r) => ({ ...r, authors: names.filter((n) => n.bookId === r.id).map((n) => n.name) }));
    },

    async otherOpenDownloads(wantedBookId) {
      const rows = await db
        .select({ wantedBookId: wantedBooks.id, title: wantedBooks.title, subtitle: wantedBooks.subtitle, authors: wantedBooks.authors, asin: wantedBooks.asin, isbn: wantedBooks.isbn, hash: downloads.qbitHash })
        .from(downloads)
        .innerJoin(wantedBooks, eq(wantedBooks.id, downloads.wantedBookId))
        .where(and(ne(wantedBooks.id, wantedBookId), inArray(downloads.state, ['queued', 'downloading', 'completed']), inArray(wantedBooks.state, ['SEARCHING', 'GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'IMPORTING'])));
      return rows.map((r) => ({ wantedBookId: r.wantedBookId, hash: r.hash, book: { title: r.title, subtitle: r.subtitle, authors: r.authors, asin: r.asin, isbn: r.isbn } }));
    },

    async reserveDownload(input) {
      const hash = input.hash.toLowerCase();
      const [existing] = await db.select().from(downloads).where(eq(downloads.qbitHash, hash));
      if (existing) {
        if (existing.wantedBookId !== input.wantedBookId) return { ok: false, reason: `this torrent (${hash}) is already a download of wanted book ${existing.wantedBookId ?? '(deleted)'}` };
        // This book's own earlier row for the torrent (a failed add, a crash): taken back.
        await db
          .update(downloads)
          .set({ state: 'queued', releaseId: input.releaseId, lastError: null, watch: null, torrentFile: Buffer.from(input.torrent).toString('base64'), updatedAt: sql`now()` })
          .where(eq(downloads.id, existing.id));
        return { ok: true, downloadId: existing.id, reused: true };
      }
      const [row] = await db
        .insert(downloads)
        .values({
          wantedBookId: input.wantedBookId,
          releaseId: input.releaseId,
          qbitHash: hash,
          name: input.name,
          category: input.category,
          savePath: input.savePath,
          sizeBytes: input.sizeBytes,
          state: 'queued',
          torrentFile: Buffer.from(input.torrent).toString('base64'),
        })
        .onConflictDoNothing({ target: downloads.qbitHash })
        .returning({ id: downloads.id });
      if (!row) return { ok: false, reason: `this torrent (${hash}) was just reserved by another grab` };
      return { ok: true, downloadId: row.id, reused: false };
    },

    async dropDownload(downloadId) {
      await db.delete(downloads).where(eq(downloads.id, downloadId));
    },

    async watched(staleBefore) {
      const rows = await db
        .select({
          id: downloads.id,
          wantedBookId: wantedBooks.id,
          bookState: wantedBooks.state,
          bookUpdatedAt: wantedBooks.updatedAt,
          hash: downloads.qbitHash,
          name: downloads.name,
          releaseId: downloads.releaseId,
          createdAt: downloads.createdAt,
          watch: downloads.watch,
          torrentFile: downloads.torrentFile,
          indexer: releases.indexer,
          guid: releases.guid,
          releaseTitle: releases.title,
        })
        .from(downloads)
        .innerJoin(wantedBooks, eq(wantedBooks.id, downloads.wantedBookId))
        .leftJoin(releases, eq(releases.id, downloads.releaseId))
        .where(
          and(
            notInArray(downloads.state, [...CLOSED_DOWNLOADS]),
            or(inArray(wantedBooks.state, ['GRABBED', 'DOWNLOADING']), and(eq(wantedBooks.state, 'SEARCHING'), lt(wantedBooks.updatedAt, staleBefore))),
          ),
        )
        .orderBy(asc(downloads.createdAt));
      return rows.map(
        (r): WatchedDownload => ({
          id: r.id,
          wantedBookId: r.wantedBookId,
          bookState: r.bookState,
          bookUpdatedAt: r.bookUpdatedAt,
          hash: r.hash,
          name: r.name,
          releaseId: r.releaseId,
          release: { infoHash: r.hash, indexer: r.indexer, guid: r.guid, title: r.releaseTitle ?? r.name, releaseId: r.releaseId },
          createdAt: r.createdAt,
          memory: r.watch ? { leastLeftBytes: r.watch.leastLeftBytes ?? Number.POSITIVE_INFINITY, lastProgressAt: new Date(r.watch.lastProgressAt) } : undefined,
          torrent: r.torrentFile ? new Uint8Array(Buffer.from(r.torrentFile, 'base64')) : null,
        }),
      );
    },

    async abandoned() {
      return db
        .select({ id: downloads.id, hash: downloads.qbitHash, wantedBookId: wantedBooks.id, bookState: wantedBooks.state })
        .from(downloads)
        .innerJoin(wantedBooks, eq(wantedBooks.id, downloads.wantedBookId))
        .where(and(inArray(downloads.state, ['queued', 'downloading']), inArray(wantedBooks.state, ['CANCELLED', 'OWNED'])))
        .limit(100);
    },

    async staleSearches(staleBefore) {
      const rows = await db
        .select()
        .from(wantedBooks)
        .where(
          and(
            eq(wantedBooks.state, 'SEARCHING'),
            lt(wantedBooks.updatedAt, staleBefore),
            sql`not exists (select 1 from ${downloads} d where d.wanted_book_id = ${wantedBooks.id} and d.state not in ('failed', 'removed'))`,
          ),
        )
        .limit(100);
      return rows.map(toBook);
    },

    async recordProgress(downloadId, look) {
      await db
        .update(downloads)
        .set({
          progress: look.progress,
          downloadSpeedBps: look.speedBps,
          etaSeconds: look.etaSeconds,
          seeds: look.seeds,
          // Infinity does not survive JSON: null is "nothing seen yet".
          watch: { leastLeftBytes: Number.isFinite(look.memory.leastLeftBytes) ? look.memory.leastLeftBytes : null, lastProgressAt: look.memory.lastProgressAt.toISOString() },
          ...(look.downloading ? { state: 'downloading' as const } : {}),
          updatedAt: sql`now()`,
        })
        .where(and(eq(downloads.id, downloadId), inArray(downloads.state, ['queued', 'downloading'])));
    },

    async markCompleted(downloadId, paths) {
      await db
        .update(downloads)
        .set({ state: 'completed', progress: 1, completedAt: sql`coalesce(${downloads.completedAt}, now())`, contentPath: paths.contentPath, savePath: paths.savePath, sizeBytes: paths.sizeBytes, downloadSpeedBps: 0, etaSeconds: 0, updatedAt: sql`now()` })
        .where(and(eq(downloads.id, downloadId), inArray(downloads.state, ['queued', 'downloading'])));
    },

    async markFailed(downloadId, state, error) {
      await db.update(downloads).set({ state, lastError: error.slice(0, 2000), updatedAt: sql`now()` }).where(eq(downloads.id, downloadId));
    },
  };
}
