/**
 * Replaces every occurrence of the given secret values in a text (also in their JSON-escaped and URL-encoded forms, as
 * they appear inside serialised log lines and URLs). Values shorter than 4 characters are ignored: masking "1" would
 * shred every line without protecting anything.
 */
export function createSecretMasker(secrets: ReadonlyArray<string>): (text: string) => string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
    needles.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret containing another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of ordered) if (out.includes(needle)) out = out.split(needle).join('***');
    return out;
  };
}
