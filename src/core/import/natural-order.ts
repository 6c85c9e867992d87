/**
 * The order a person reads a download's files in: numbers compared as numbers ("2 - x" before "10 - x"), case and
 * accents ignored, disc/part folders ("CD1", "Disc 2", "Part 03", "Vol. 4") by their number, and a folder's own files
 * before its sub-folders. Deterministic: ties fall back to the code-unit order.
 */

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const DISC_FOLDER = /^(?:cd|dis[ck]|part|pt|vol(?:ume)?|book|tape|side)\s*[-_.#]?\s*(\d{1,3})\b/i;

/** The number of a disc/part folder name ("CD1" → 1, "Disc 02" → 2, "Part 3 - The End" → 3), else null. */
export function discNumber(folderName: string): number | null {
  const m = DISC_FOLDER.exec(folderName.trim());
  return m ? Number(m[1]) : null;
}

export const compareNatural = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** Compares two relative paths (POSIX separators) component by component. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const ca = pa[i]!;
    const cb = pb[i]!;
    if (ca === cb) continue;
    const aIsFile = i === pa.length - 1;
    const bIsFile = i === pb.length - 1;
    if (aIsFile !== bIsFile) return aIsFile ? -1 : 1;
    if (!aIsFile) {
      const da = discNumber(ca);
      const db = discNumber(cb);
      if (da !== null && db !== null && da !== db) return da - db;
      if ((da === null) !== (db === null)) return da !== null ? -1 : 1;
    }
    return compareNatural(ca, cb);
  }
  return pa.length - pb.length;
}
