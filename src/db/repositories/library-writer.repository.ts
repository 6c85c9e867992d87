import { sql } from 'drizzle-orm';
import type { MirrorBook, MirrorWriter, SeriesMembership } from '../../core/library/index.js';
import type { Transaction } from '../client.js';
import { readItemStates } from './library-state.js';

/**
 * Set-based writes of the library mirror. Each step is one statement over a JSON batch (json_to_recordset), and every
 * upsert carries a WHERE … IS DISTINCT FROM guard, so identical data never produces a new row version.
 */

/** A batch as one parameter: avoids the 65,535-parameter limit and per-row round trips. */
const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;

/** Where the mirrored fields' values come from, merged into books.field_sources. */
const ABS_SOURCES = Object.fromEntries(
  ['title', 'subtitle', 'authors', 'narrators', 'series', 'asin', 'isbn', 'publisher', 'publishedYear', 'language', 'genres', 'description', 'duration', 'size', 'path'].map(
    (f) => [f, 'abs'],
  ),
);

async function upsertNamed(
  tx: Transaction,
  table: 'authors' | 'series',
  rows: Map<string, { name: string; nameKey: string }>,
): Promise<Map<string, string>> {
  if (rows.size === 0) return new Map();
  const payload = [...rows].map(([absId, r]) => ({ abs_id: absId, name: r.name, name_key: r.nameKey }));
  const idColumn = sql.raw(table === 'authors' ? 'abs_author_id' : 'abs_series_id');
  const target = sql.raw(table);
  await tx.execute(sql`
    INSERT INTO ${target} (name, name_key, ${idColumn})
    SELECT r.name, r.name_key, r.abs_id FROM json_to_recordset(${json(payload)}) AS r(abs_id text, name text, name_key text)
    ON CONFLICT (${idColumn}) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, updated_at = now()
    WHERE ${target}.name IS DISTINCT FROM excluded.name OR ${target}.name_key IS DISTINCT FROM excluded.name_key`);
  const res = await tx.execute<{ id: string; abs_id: string }>(sql`
    SELECT id, ${idColumn} AS abs_id FROM ${target}
    WHERE ${idColumn} IN (SELECT json_array_elements_text(${json([...rows.keys()])}))`);
  return new Map(res.rows.map((r) => [r.abs_id, r.id]));
}

async function upsertBookRows(tx: Transaction, books: readonly MirrorBook[]): Promise<Map<string, string>> {
  const payload = books.map((b) => ({
    abs_item_id: b.absItemId,
    abs_library_id: b.absLibraryId,
    title: b.title,
    subtitle: b.subtitle,
    title_key: b.titleKey,
    asin: b.asin,
    isbn: b.isbn,
    narrators: b.narrators,
    publisher: b.publisher,
    published_year: b.publishedYear,
    language: b.language,
    genres: b.genres,
    description: b.description,
    duration_seconds: b.durationSeconds,
    size_bytes: b.sizeBytes,
    path: b.path,
    is_missing: b.isMissing,
    abs_added_at: b.absAddedAt.toISOString(),
    abs_updated_at: b.absUpdatedAt.toISOString(),
    sync_hash: b.syncHash,
  }));
  const res = await tx.execute<{ id: string; abs_item_id: string }>(sql`
    INSERT INTO books (abs_item_id, abs_library_id, title, subtitle, title_key, asin, isbn, narrators, publisher, published_year,
      language, genres, description, duration_seconds, size_bytes, path, is_missing, removed_at, abs_added_at, abs_updated_at,
      sync_hash, field_sources)
    SELECT r.abs_item_id, r.abs_library_id, r.title, r.subtitle, r.title_key, r.asin, r.isbn,
      ARRAY(SELECT json_array_elements_text(r.narrators)), r.publisher, r.published_year, r.language,
      ARRAY(SELECT json_array_elements_text(r.genres)), r.description, r.duration_seconds, r.size_bytes, r.path, r.is_missing,
      NULL, r.abs_added_at, r.abs_updated_at, r.sync_hash, ${JSON.stringify(ABS_SOURCES)}::jsonb
    FROM json_to_recordset(${json(payload)}) AS r(abs_item_id text, abs_library_id text, title text, subtitle text, title_key text,
      asin text, isbn text, narrators json, publisher text, published_year int, language text, genres json, description text,
      duration_seconds float8, size_bytes int8, path text, is_missing bool, abs_added_at timestamptz, abs_updated_at timestamptz,
      sync_hash text)
    ON CONFLICT (abs_item_id) DO UPDATE SET
      abs_library_id = excluded.abs_library_id, title = excluded.title, subtitle = excluded.subtitle, title_key = excluded.title_key,
      asin = excluded.asin, isbn = excluded.isbn, narrators = excluded.narrators, publisher = excluded.publisher,
      published_year = excluded.published_year, language = excluded.language, genres = excluded.genres,
      description = excluded.description, duration_seconds = excluded.duration_seconds, size_bytes = excluded.size_bytes,
      path = excluded.path, is_missing = excluded.is_missing, removed_at = NULL, abs_added_at = excluded.abs_added_at,
      abs_updated_at = excluded.abs_updated_at, sync_hash = excluded.sync_hash,
      field_sources = books.field_sources || excluded.field_sources, updated_at = now()
    WHERE books.sync_hash IS DISTINCT FROM excluded.sync_hash OR books.removed_at IS NOT NULL
    RETURNING id, abs_item_id`);
  return new Map(res.rows.map((r) => [r.abs_item_id, r.id]));
}

/** Replaces the written books' author and series links, touching only links that differ; returns affected series. */
async function writeLinks(
  tx: Transaction,
  books: readonly MirrorBook[],
  bookIds: Map<string, string>,
  authorIds: Map<string, string>,
  seriesIds: Map<string, string>,
): Promise<string[]> {
  const written = books.filter((b) => bookIds.has(b.absItemId));
  if (written.length === 0) return [];
  const ids = written.map((b) => bookIds.get(b.absItemId)!);
  const authorLinks = written.flatMap((b) =>
    b.authors.map((a, position) => ({ book_id: bookIds.get(b.absItemId)!, author_id: authorIds.get(a.absAuthorId)!, position })),
  );
  const seriesLinks = written.flatMap((b) =>
    b.series.map((s) => ({ book_id: bookIds.get(b.absItemId)!, series_id: seriesIds.get(s.absSeriesId)!, sequence: s.sequence })),
  );
  await tx.execute(sql`
    WITH wanted AS (SELECT * FROM json_to_recordset(${json(authorLinks)}) AS r(book_id uuid, author_id uuid, position int)),
    dropped AS (
      DELETE FROM book_authors l WHERE l.book_id IN (SELECT json_array_elements_text(${json(ids)})::uuid)
        AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.book_id = l.book_id AND w.author_id = l.author_id))
    INSERT INTO book_authors (book_id, author_id, position) SELECT book_id, author_id, position FROM wanted
    ON CONFLICT (book_id, author_id) DO UPDATE SET position = excluded.position
    WHERE book_authors.position IS DISTINCT FROM excluded.position`);
  const dropped = await tx.execute<{ series_id: string }>(sql`
    WITH wanted AS (SELECT * FROM json_to_recordset(${json(seriesLinks)}) AS r(book_id uuid, series_id uuid, sequence text)),
    inserted AS (
      INSERT INTO book_series (book_id, series_id, sequence) SELECT book_id, series_id, sequence FROM wanted
      ON CONFLICT (book_id, series_id) DO UPDATE SET sequence = excluded.sequence
      WHERE book_series.sequence IS DISTINCT FROM excluded.sequence)
    DELETE FROM book_series l WHERE l.book_id IN (SELECT json_array_elements_text(${json(ids)})::uuid)
      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.book_id = l.book_id AND w.series_id = l.series_id)
    RETURNING l.series_id`);
  return [...new Set([...seriesLinks.map((l) => l.series_id), ...dropped.rows.map((r) => r.series_id)])];
}

export function createLibraryWriter(tx: Transaction): MirrorWriter {
  return {
    itemStates: (absItemIds) => readItemStates(tx, absItemIds),

    async upsertBooks(books) {
      if (books.length === 0) return { written: 0, touchedSeriesIds: [] };
      const authors = new Map<string, { name: string; nameKey: string }>();
      const series = new Map<string, { name: string; nameKey: string }>();
      for (const b of books) {
        for (const a of b.authors) authors.set(a.absAuthorId, a);
        for (const s of b.series) series.set(s.absSeriesId, s);
      }
      const authorIds = await upsertNamed(tx, 'authors', authors);
      const seriesIds = await upsertNamed(tx, 'series', series);
      const bookIds = await upsertBookRows(tx, books);
      const touchedSeriesIds = await writeLinks(tx, books, bookIds, authorIds, seriesIds);
      return { written: bookIds.size, touchedSeriesIds };
    },

    async markRemoved(absItemIds, at) {
      if (absItemIds.length === 0) return { marked: 0, touchedSeriesIds: [] };
      const res = await tx.execute<{ id: string; series_id: string | null }>(sql`
        WITH marked AS (
          UPDATE books SET removed_at = ${at.toISOString()}::timestamptz, updated_at = now()
          WHERE abs_item_id IN (SELECT json_array_elements_text(${json(absItemIds)})) AND removed_at IS NULL
          RETURNING id)
        SELECT m.id, l.series_id FROM marked m LEFT JOIN book_series l ON l.book_id = m.id`);
      const marked = new Set(res.rows.map((r) => r.id)).size;
      const touched = new Set(res.rows.flatMap((r) => (r.series_id ? [r.series_id] : [])));
      return { marked, touchedSeriesIds: [...touched] };
    },

    async seriesMembership(scope) {
      const filter = scope === 'all' ? sql`` : sql`WHERE s.id IN (SELECT json_array_elements_text(${json(scope)})::uuid)`;
      const res = await tx.execute<{ series_id: string; known_total: number | null; book_id: string | null; sequence: string | null; gone: boolean | null }>(sql`
        SELECT s.id AS series_id, s.known_total, l.book_id, l.sequence, (b.is_missing OR b.removed_at IS NOT NULL) AS gone
        FROM series s LEFT JOIN book_series l ON l.series_id = s.id LEFT JOIN books b ON b.id = l.book_id
        ${filter}`);
      return res.rows.map(
        (r): SeriesMembership => ({ seriesId: r.series_id, knownTotal: r.known_total, bookId: r.book_id, sequence: r.sequence, gone: r.gone === true }),
      );
    },

    async writeSeriesStats(stats) {
      if (stats.length === 0) return 0;
      const payload = stats.map((s) => ({ series_id: s.seriesId, owned_count: s.ownedCount, completion: s.completion }));
      const res = await tx.execute(sql`
        UPDATE series s SET owned_count = r.owned_count, completion = r.completion, updated_at = now()
        FROM json_to_recordset(${json(payload)}) AS r(series_id uuid, owned_count int, completion real)
        WHERE s.id = r.series_id AND (s.owned_count IS DISTINCT FROM r.owned_count OR s.completion IS DISTINCT FROM r.completion)`);
      return res.rowCount ?? 0;
    },
  };
}
