import { IntegrationError } from '../http/index.js';
import type { AbsScanResults, AbsTask } from './abs.types.js';

/** The part of the socket client a scan waits on (kept minimal so tests can hand in any emitter). */
export interface TaskEvents {
  on(event: 'task_finished', listener: (task: AbsTask) => void): unknown;
  off(event: 'task_finished', listener: (task: AbsTask) => void): unknown;
}

export interface ScanWaitOptions {
  timeoutMs: number;
  /** An authenticated socket: completion is then seen from task_finished (with the scan's counts). */
  events?: TaskEvents;
  /** Fallback: how often to re-read the library's lastScan. */
  pollIntervalMs?: number;
}

export interface ScanOutcome {
  completed: boolean;
  via: 'socket' | 'poll' | null;
  /** Only known when seen through the socket. */
  results: AbsScanResults | null;
}

/**
 * Starts a scan and waits for its end. ABS's POST returns before scanning (`server/controllers/LibraryController.js`
 * `scan`), so the end is either the socket's `task_finished` with action `library-scan` for this library, or the
 * library's `lastScan` moving forward.
 * The listener is attached before the POST so a fast scan (≈0.1 s on ABS) cannot finish unseen.
 */
export async function waitForScan(o: ScanWaitOptions & { libraryId: string; start: () => Promise<void>; lastScan: () => Promise<Date | null> }): Promise<ScanOutcome> {
  const before = (await o.lastScan())?.getTime() ?? 0;
  let listener: ((task: AbsTask) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const viaSocket = new Promise<ScanOutcome>((resolve) => {
    if (!o.events) return;
    listener = (task) => {
      if (task.action === 'library-scan' && task.libraryId === o.libraryId) resolve({ completed: true, via: 'socket', results: task.scanResults });
    };
    o.events.on('task_finished', listener);
  });
  const viaPoll = (async (): Promise<ScanOutcome> => {
    const interval = o.pollIntervalMs ?? 1_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, interval));
      if (stopped) return { completed: false, via: null, results: null };
      const now = (await o.lastScan())?.getTime() ?? 0;
      if (now > before) return { completed: true, via: 'poll', results: null };
    }
  })();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new IntegrationError({ service: 'audiobookshelf', operation: 'scanLibrary', code: 'timeout', message: `library scan not seen finishing within ${o.timeoutMs} ms` })),
      o.timeoutMs,
    );
  });
  try {
    await o.start();
    return await Promise.race([viaSocket, viaPoll, timeout]);
  } finally {
    stopped = true;
    clearTimeout(timer);
    if (listener) o.events?.off('task_finished', listener);
    // A poll that failed after the race was decided must not become an unhandled rejection.
    viaPoll.catch(() => undefined);
  }
}
