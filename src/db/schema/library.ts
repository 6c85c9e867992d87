import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tstz, updatedAt } from './columns.js';

/** The mirror of the Audiobookshelf library (and of authors/series known from providers). */
export const authors = pgTable(
  'authors',
  {
    id: id(),
    name: text('name').notNull(),
    /** Folded form used for look-ups ("brandon sanderson"), written by the sync. */
    nameKey: text('name_key').notNull(),
    absAuthorId: text('abs_author_id'),
    asin: text('asin'),
    /** A favourite author is watched by author completion. */
    favourite: boolean('favourite').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('authors_abs_author_id_uq').on(t.absAuthorId), index('authors_name_key_idx').on(t.nameKey)],
);

export const series = pgTable(
  'series',
  {
    id: id(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    absSeriesId: text('abs_series_id'),
    /** Number of books the providers know for the series, when known. */
    knownTotal: integer('known_total'),
    ownedCount: integer('owned_count').notNull().default(0),
    /** Owned books / known books, 0..1; null while the total is unknown. */
    completion: real('completion'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('series_abs_series_id_uq').on(t.absSeriesId), index('series_name_key_idx').on(t.nameKey)],
);

export const books = pgTable(
  'books',
  {
    id: id(),
    absItemId: text('abs_item_id'),
    absLibraryId: text('abs_library_id'),
    title: text('title').notNull(),
    subtitle: text('subtitle'),
    titleKey: text('title_key').notNull(),
    asin: text('asin'),
    /** ISBN-13 when it could be normalised, else as given. */
    isbn: text('isbn'),
    narrators: text('narrators').array().notNull().default(sql`'{}'::text[]`),
    publisher: text('publisher'),
    publishedYear: integer('published_year'),
    language: text('language'),
    genres: text('genres').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    durationSeconds: doublePrecision('duration_seconds'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    path: text('path'),
    /** ABS says the files are gone (isMissing) — kept, not forgotten. */
    isMissing: boolean('is_missing').notNull().default(false),
    /** The item disappeared from ABS; kept so it is not re-downloaded by mistake without a decision. */
    removedAt: tstz('removed_at'),
    absAddedAt: tstz('abs_added_at'),
    absUpdatedAt: tstz('abs_updated_at'),
    /** Hash of the mirrored fields: an unchanged item is skipped without a write. */
    syncHash: text('sync_hash'),
    /** 0..1 judgement of how complete and trustworthy the metadata is. */
    metadataQuality: real('metadata_quality'),
    /** Where each field's current value came from: { "title": "abs", "asin": "audnexus", … }. */
    fieldSources: jsonb('field_sources').$type<Record<string, string>>().notNull().default({}),
    lastCorrectedAt: tstz('last_corrected_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('books_abs_item_id_uq').on(t.absItemId),
    index('books_asin_idx').on(t.asin),
    index('books_isbn_idx').on(t.isbn),
    index('books_title_key_idx').on(t.titleKey),
  ],
);

export const bookAuthors = pgTable(
  'book_authors',
  {
    bookId: uuid('book_id')
      .notNull()
      .references(() => books.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bookId, t.authorId] }), index('book_authors_author_idx').on(t.authorId)],
);

export const bookSeries = pgTable(
  'book_series',
  {
    bookId: uuid('book_id')
      .notNull()
      .references(() => books.id, { onDelete: 'cascade' }),
    seriesId: uuid('series_id')
      .notNull()
      .references(() => series.id, { onDelete: 'cascade' }),
    /** Kept as text: "1.5", "0", "2a" are all real sequences. */
    sequence: text('sequence'),
  },
  (t) => [primaryKey({ columns: [t.bookId, t.seriesId] }), index('book_series_series_idx').on(t.seriesId)],
);
