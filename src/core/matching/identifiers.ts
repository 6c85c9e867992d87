/**
 * Strong identifiers. An ASIN or ISBN present on both sides decides a comparison outright, so both are
 * normalised first: ISBNs lose hyphens and spaces, ISBN-10 is converted to ISBN-13, bad check digits are
 * rejected (a mistyped ISBN must not "prove" two books different).
 */

/** Upper-cased 10-character ASIN, or null when the value is not shaped like one. */
export function normalizeAsin(asin: string | null | undefined): string | null {
  if (!asin) return null;
  const a = asin.trim().toUpperCase();
  return /^[A-Z0-9]{10}$/.test(a) ? a : null;
}

function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

function validIsbn10(isbn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const c = isbn[i]!;
    const v = c === 'X' ? 10 : Number(c);
    sum += v * (10 - i);
  }
  return sum % 11 === 0;
}

/** ISBN-10 → ISBN-13 (978 prefix). Expects 10 characters, digits and an optional final X. */
export function isbn10To13(isbn10: string): string {
  const core = `978${isbn10.slice(0, 9)}`;
  return core + isbn13CheckDigit(core);
}

/** A valid ISBN as its ISBN-13 digits, or null. Accepts hyphens/spaces and an "ISBN" prefix. */
export function normalizeIsbn(isbn: string | null | undefined): string | null {
  if (!isbn) return null;
  const s = isbn.toUpperCase().replace(/^ISBN(?:-1[03])?:?/, '').replace(/[\s-]/g, '');
  if (/^\d{9}[\dX]$/.test(s)) return validIsbn10(s) ? isbn10To13(s) : null;
  if (/^97[89]\d{10}$/.test(s)) return isbn13CheckDigit(s.slice(0, 12)) === s[12] ? s : null;
  return null;
}
