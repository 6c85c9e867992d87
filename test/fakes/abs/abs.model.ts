/** The fake Audiobookshelf's in-memory state: normalised records that the serialisers turn into ABS's three shapes. */

export interface FakeAuthor {
  id: string;
  libraryId: string;
  name: string;
  asin: string | null;
  description: string | null;
  addedAt: number;
  updatedAt: number;
}

export interface FakeSeries {
  id: string;
  libraryId: string;
  name: string;
  description: string | null;
  addedAt: number;
  updatedAt: number;
}

export interface FakeBookMetadata {
  title: string | null;
  subtitle: string | null;
  /** Author ids, in book order. */
  authorIds: string[];
  narrators: string[];
  series: Array<{ seriesId: string; sequence: string | null }>;
  genres: string[];
  publishedYear: string | null;
  publishedDate: string | null;
  publisher: string | null;
  description: string | null;
  isbn: string | null;
  asin: string | null;
  language: string | null;
  explicit: boolean;
  abridged: boolean;
}

export interface FakeChapter {
  start: number;
  end: number;
  title: string;
}

export interface FakeAudioFile {
  ino: string;
  filename: string;
  size: number;
  duration: number;
  /** Chapters embedded in the file (an m4b's chapter list); mp3 files carry none. */
  embeddedChapters: FakeChapter[];
}

export interface FakeItem {
  id: string;
  mediaId: string;
  ino: string;
  libraryId: string;
  folderId: string;
  path: string;
  relPath: string;
  addedAt: number;
  updatedAt: number;
  lastScan: number;
  mtimeMs: number;
  isMissing: boolean;
  metadata: FakeBookMetadata;
  tags: string[];
  audioFiles: FakeAudioFile[];
}

export interface FakeLibrary {
  id: string;
  name: string;
  folderId: string;
  fullPath: string;
  createdAt: number;
  lastScan: number | null;
  lastUpdate: number;
  mediaType: 'book' | 'podcast';
}

export interface FakeUser {
  id: string;
  username: string;
  password: string;
  type: 'root' | 'admin' | 'user';
  canUpdate: boolean;
}

/** What a test hands to the fake to create a book (plain names; ids are assigned by the fake). */
export interface BookSeed {
  title: string;
  subtitle?: string | null;
  authors: string[];
  narrators?: string[];
  series?: Array<{ name: string; sequence: string | null }>;
  genres?: string[];
  publishedYear?: string | null;
  publisher?: string | null;
  description?: string | null;
  isbn?: string | null;
  asin?: string | null;
  language?: string | null;
  tags?: string[];
  /** Folder relative to the library folder; defaults to "<first author>/<title>". */
  relPath?: string;
  durationSec?: number;
  sizeBytes?: number;
  addedAt?: number;
  /**
   * The audio layout (default: one mp3 file, no chapters). `m4b`: one file with `chapters` embedded chapters;
   * `mp3`: `files` files, one chapter each, as ABS makes chapters for a multi-file book.
   */
  audio?: { format: 'm4b'; chapters?: number } | { format: 'mp3'; files?: number };
}
