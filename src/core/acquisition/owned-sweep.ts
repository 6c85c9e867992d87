import type { Log } from '../logger.port.js';
import { compareBooks } from '../matching/index.js';
import type { AcquisitionStore } from './acquisition.port.js';
import { bookRecord } from './grab.js';
import type { Actor, WantedBookStore } from './wanted-book.port.js';
import type { WantedOperations } from './wanted-operations.js';
import { mirrorTitleKeys } from './wanted-keys.js';
import { OWNABLE_STATES } from './wanted-state-machine.js';

const PAGE = 200;

/**
 * A wanted book that shows up in the library by any route (imported by hand, another tool, a friend's copy) turns
 * OWNED: each wanted book still waiting or in progress is looked up in the mirror by ASIN, ISBN and title key and
 * confirmed by the matcher, so the service never proposes, grabs or imports a book the user already has.
 */
export function createOwnedSweep(deps: {
  wanted: Pick<WantedBookStore, 'list'>;
  mirror: Pick<AcquisitionStore, 'ownedCandidates'>;
  operations: Pick<WantedOperations, 'markOwned'>;
  log: Log;
}) {
  return async function sweep(actor: Actor): Promise<{ examined: number; owned: number }> {
    // Read the whole list first: a book marked owned leaves it, which would shift offset pages under the loop.
    const open = [];
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await deps.wanted.list({ states: [...OWNABLE_STATES], limit: PAGE, offset });
      open.push(...items);
      if (items.length < PAGE) break;
    }
    let owned = 0;
    for (const book of open) {
      const candidates = await deps.mirror.ownedCandidates({ asin: book.asin, isbn: book.isbn, titleKeys: mirrorTitleKeys(book.title) });
      const record = bookRecord(book);
      const hit = candidates.find((c) => compareBooks(c, record).same);
      if (!hit) continue;
      const moved = await deps.operations.markOwned(book.id, hit.id, actor);
      if (moved.ok) owned += 1;
      // Decided meanwhile by someone else (the state machine refused the move): nothing to do.
      else deps.log.info({ wantedBookId: book.id, refusal: moved.message }, 'not marked owned');
    }
    const examined = open.length;
    return { examined, owned };
  };
}
