/** A book as either side of a comparison sees it: a library mirror row or a provider candidate. */
export interface BookRecord {
  title: string;
  subtitle?: string | null;
  authors: string[];
  narrators?: string[];
  series?: { name: string; sequence: string | null }[];
  asin?: string | null;
  isbn?: string | null;
}

/** The verdict of comparing two records; `reasons` are short machine-readable codes for logs and UIs. */
export interface MatchResult {
  same: boolean;
  score: number;
  reasons: string[];
}
