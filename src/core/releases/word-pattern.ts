/**
 * A case-insensitive whole-word pattern that also works next to letters such as "ö" or "é"
 * (JavaScript's \b only knows ASCII word characters).
 */
export function word(source: string, flags = 'iu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, flags);
}
