import { readResultRow, releaseSearchLineSchema, selectRelease, toSearch, type ResultReading } from '../../core/releases/index.js';
import { MAM_BASE_URL, mapMamTorrent, toIndexerResult as fromMamTorrent } from '../../integrations/mam/mam.mapper.js';
import { mamTorrentSchema } from '../../integrations/mam/mam.schemas.js';
import { toIndexerResult as fromProwlarrRelease } from '../../integrations/prowlarr/prowlarr.mapper.js';
import { releaseSchema as prowlarrReleaseSchema } from '../../integrations/prowlarr/prowlarr.schemas.js';
import { answerJsonLines } from '../jsonl-evaluation.js';

/**
 * One result of a line, in any of the shapes the command accepts: a raw Prowlarr `/api/v1/search` row or a raw
 * MyAnonamouse search row (each validated by its client's schema and mapped by its one adapter), else the corpus's
 * indexer-neutral row.
 */
function readResult(raw: unknown): ResultReading {
  const prowlarr = prowlarrReleaseSchema.safeParse(raw);
  if (prowlarr.success) return { ok: true, result: fromProwlarrRelease(prowlarr.data) };
  const mam = mamTorrentSchema.safeParse(raw);
  if (mam.success) return { ok: true, result: fromMamTorrent(mapMamTorrent(mam.data, MAM_BASE_URL), MAM_BASE_URL) };
  return readResultRow(raw);
}

/**
 * `pick-release`: JSON Lines `{id, wanted, results}` on stdin (shaped like the release corpus; other fields
 * ignored; results may also be raw Prowlarr or MyAnonamouse rows) → exactly one line per non-blank input line on
 * stdout: `{"id", "best", "acceptable"}`. A line that cannot be read answers with `best: null` (and says why on
 * stderr); a malformed result inside a line is skipped with a note.
 */
export function pickReleases(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return answerJsonLines({
    command: 'pick-release',
    input,
    output,
    schema: releaseSearchLineSchema,
    answer: (line, diagnose) => {
      const search = toSearch(line, readResult);
      for (const bad of search.invalid) diagnose(`result #${bad.index} skipped (${bad.problem})`);
      const decision = selectRelease(search.wanted, search.results);
      return { id: search.id, best: decision.best?.result.guid ?? null, acceptable: decision.acceptable.map((j) => j.result.guid) };
    },
    fallback: (id): { id: string | number | null; best: string | null; acceptable: string[] } => ({ id, best: null, acceptable: [] }),
  });
}
