import { inArray } from 'drizzle-orm';
import type { OpenDownloads } from '../../core/acquisition/downloads.port.js';
import type { Database } from '../client.js';
import { downloads } from '../schema/index.js';

/** The service's downloads (table downloads). */
export function createDownloadRepository(db: Database): OpenDownloads {
  return {
    async openHashes() {
      const rows = await db.select({ hash: downloads.qbitHash }).from(downloads).where(inArray(downloads.state, ['queued', 'downloading']));
      return rows.map((r) => r.hash);
    },
  };
}
