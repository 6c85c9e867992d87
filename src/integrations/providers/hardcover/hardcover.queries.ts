/**
 * The GraphQL operations the service sends to Hardcover. Hardcover refuses a request with more than 5 top-level
 * fields (or more than one `search`) with 403 top_level_limit_exceeded, and counts each top-level field against the
 * rate limit, so every operation is checked (countTopLevelFields) before sending and charged that many units.
 */

const BOOK_FIELDS = `
  id title subtitle description release_year
  contributions { contribution author { id name } }
  book_series { position details featured series { id name } }
  default_audio_edition { asin isbn_13 audio_seconds }
  default_physical_edition { isbn_13 isbn_10 }
`;

export const SEARCH_BOOKS = `query SearchBooks($q: String!, $perPage: Int!) {
  search(query: $q, query_type: "Book", per_page: $perPage, page: 1) { ids results }
}`;

export const BOOK_BY_ID = `query BookById($id: Int!) {
  books_by_pk(id: $id) { ${BOOK_FIELDS} }
}`;

export const EDITION_BY_ISBN = `query EditionByIsbn($isbn: String!) {
  editions(where: { _or: [{ isbn_13: { _eq: $isbn } }, { isbn_10: { _eq: $isbn } }] }, limit: 1) {
    id asin isbn_13 book { ${BOOK_FIELDS} }
  }
}`;

export const EDITION_BY_ASIN = `query EditionByAsin($asin: String!) {
  editions(where: { asin: { _eq: $asin } }, limit: 1) {
    id asin isbn_13 book { ${BOOK_FIELDS} }
  }
}`;

/** Deduplicated members, as the Hardcover docs recommend (one book per position, most-read first). */
export const SERIES_BY_ID = `query SeriesById($id: Int!) {
  series(where: { id: { _eq: $id } }) {
    id name
    book_series(distinct_on: position, order_by: [{ position: asc }, { book: { users_count: desc } }],
                where: { compilation: { _eq: false }, book: { canonical_id: { _is_null: true }, is_partial_book: { _eq: false } } }) {
      position details book { id title release_year }
    }
  }
}`;

/** Number of top-level fields of the (single) operation in `query`: its selection set at depth 1. */
export function countTopLevelFields(query: string): number {
  const src = query.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#[^\n]*/g, '');
  let braces = 0;
  let parens = 0;
  let count = 0;
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i] as string;
    if (ch === '{') braces += 1;
    else if (ch === '}') braces -= 1;
    else if (ch === '(') parens += 1;
    else if (ch === ')') parens -= 1;
    else if (braces === 1 && parens === 0 && /[A-Za-z_]/.test(ch)) {
      const name = /^[A-Za-z_]\w*/.exec(src.slice(i))?.[0] ?? '';
      i += name.length - 1;
      const rest = src.slice(i + 1).trimStart();
      if (!rest.startsWith(':')) count += 1; // an alias is followed by the field name, counted then
    }
  }
  return count;
}
