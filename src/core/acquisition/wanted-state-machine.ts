import { FAILURE_STAGES, type FailureStage, type WantedState } from './states.js';

/**
 * The one transition table of a wanted book (docs/acquisition.md). Every move of every book — by a user, a job or a
 * webhook — is one row of this table, checked by `checkTransition` and written by the wanted-book repository as a
 * compare-and-set; nothing else changes a book's state.
 */
export const WANTED_EVENTS = [
  'approve',
  'reject',
  'ignore',
  'release-date',
  'search-start',
  'grab',
  'download-start',
  'download-complete',
  'import-start',
  'import-complete',
  'verify',
  'fail',
  'fail-permanent',
  'retry-due',
  'user-retry',
  'blocklist',
  'owned',
  'cancel',
] as const;
export type WantedEvent = (typeof WANTED_EVENTS)[number];

export interface TransitionRule {
  from: WantedState;
  event: WantedEvent;
  to: WantedState;
  /** RETRY_WAIT and FAILED rows: the failed stages this row is for (into RETRY_WAIT/FAILED: the stages that can fail here). */
  stages?: readonly FailureStage[];
}

/**
 * Where a failed stage is taken up again: search, grab and download start over from APPROVED (the search picks the
 * best release not blocklisted for the book: after a failed download, the next one); import from DOWNLOADED (the
 * files are still there); metadata from IMPORTED.
 */
export const RESUME_STATE: Readonly<Record<FailureStage, WantedState>> = {
  search: 'APPROVED',
  grab: 'APPROVED',
  download: 'APPROVED',
  import: 'DOWNLOADED',
  metadata: 'IMPORTED',
};

/** The stages that can fail in each working state. */
const FAILING_STAGES: ReadonlyArray<readonly [WantedState, readonly FailureStage[]]> = [
  ['SEARCHING', ['search', 'grab']],
  ['GRABBED', ['grab', 'download']],
  ['DOWNLOADING', ['download']],
  ['DOWNLOADED', ['import']],
  ['IMPORTING', ['import']],
  ['IMPORTED', ['metadata']],
];

/**
 * OWNED: the book showed up in the library by another route while the service was still waiting for it or working on
 * it, or after it failed. Not from IMPORTING/IMPORTED (the book appearing is the import's own result: the import moves
 * it on to VERIFIED) nor from the closed states (VERIFIED, and a user's REJECTED/IGNORED/CANCELLED stand).
 */
export const OWNABLE_STATES: readonly WantedState[] = ['PENDING_APPROVAL', 'UPCOMING', 'APPROVED', 'SEARCHING', 'GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'RETRY_WAIT', 'FAILED'];

/** CANCELLED by a user: from every state until the import starts (a book being imported is finished, not cancelled). */
export const CANCELLABLE_STATES: readonly WantedState[] = ['PENDING_APPROVAL', 'UPCOMING', 'APPROVED', 'SEARCHING', 'GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'RETRY_WAIT', 'FAILED'];

/** Blocklisting the current release gives up on it and searches again at once (a user's retry with that release out). */
export const BLOCKLIST_RESEARCH_STATES: readonly WantedState[] = ['GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'RETRY_WAIT', 'FAILED'];

function resumeRules(from: WantedState, event: WantedEvent): TransitionRule[] {
  const byTarget = new Map<WantedState, FailureStage[]>();
  for (const stage of FAILURE_STAGES) byTarget.set(RESUME_STATE[stage], [...(byTarget.get(RESUME_STATE[stage]) ?? []), stage]);
  return [...byTarget].map(([to, stages]) => ({ from, event, to, stages }));
}

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'PENDING_APPROVAL', event: 'approve', to: 'APPROVED' },
  { from: 'PENDING_APPROVAL', event: 'reject', to: 'REJECTED' },
  { from: 'PENDING_APPROVAL', event: 'ignore', to: 'IGNORED' },
  { from: 'UPCOMING', event: 'release-date', to: 'PENDING_APPROVAL' },
  { from: 'APPROVED', event: 'search-start', to: 'SEARCHING' },
  { from: 'SEARCHING', event: 'grab', to: 'GRABBED' },
  { from: 'GRABBED', event: 'download-start', to: 'DOWNLOADING' },
  { from: 'DOWNLOADING', event: 'download-complete', to: 'DOWNLOADED' },
  // A small torrent can finish before the monitor ever sees it downloading (the completion hook comes first).
  { from: 'GRABBED', event: 'download-complete', to: 'DOWNLOADED' },
  { from: 'DOWNLOADED', event: 'import-start', to: 'IMPORTING' },
  { from: 'IMPORTING', event: 'import-complete', to: 'IMPORTED' },
  { from: 'IMPORTED', event: 'verify', to: 'VERIFIED' },
  ...FAILING_STAGES.flatMap(([from, stages]): TransitionRule[] => [
    { from, event: 'fail', to: 'RETRY_WAIT', stages },
    { from, event: 'fail-permanent', to: 'FAILED', stages },
  ]),
  ...resumeRules('RETRY_WAIT', 'retry-due'),
  ...resumeRules('RETRY_WAIT', 'user-retry'),
  ...resumeRules('FAILED', 'user-retry'),
  ...BLOCKLIST_RESEARCH_STATES.map((from): TransitionRule => ({ from, event: 'blocklist', to: 'APPROVED' })),
  ...OWNABLE_STATES.map((from): TransitionRule => ({ from, event: 'owned', to: 'OWNED' })),
  ...CANCELLABLE_STATES.map((from): TransitionRule => ({ from, event: 'cancel', to: 'CANCELLED' })),
];

export type TransitionCheck = { allowed: true; rule: TransitionRule } | { allowed: false; reason: string };

/**
 * Is `event` allowed to move a book from `from` to `to`? `stage` is the failed stage for moves into RETRY_WAIT/FAILED
 * and the remembered stage for moves out of them (which decides where the book resumes).
 */
export function checkTransition(from: WantedState, to: WantedState, event: WantedEvent, stage?: FailureStage | null): TransitionCheck {
  const rows = TRANSITIONS.filter((r) => r.from === from && r.event === event);
  if (rows.length === 0) {
    const events = [...new Set(TRANSITIONS.filter((r) => r.from === from).map((r) => r.event))];
    return { allowed: false, reason: `${event} is not possible in ${from}${events.length ? ` (possible: ${events.join(', ')})` : ` (${from} is final)`}` };
  }
  const rule = rows.find((r) => r.to === to);
  if (!rule) return { allowed: false, reason: `${event} moves a book from ${from} to ${rows.map((r) => r.to).join(' or ')}, not to ${to}` };
  if (rule.stages) {
    if (!stage) return { allowed: false, reason: `${event} from ${from} needs the failed stage` };
    if (!rule.stages.includes(stage)) return { allowed: false, reason: `${event} from ${from} to ${to} is not for the ${stage} stage (${rule.stages.join(', ')})` };
  }
  return { allowed: true, rule };
}

/** Where `event` takes a book in `from` (with the stage, for failures and resumptions), or why it cannot. */
export function targetOf(from: WantedState, event: WantedEvent, stage?: FailureStage | null): { to: WantedState } | { reason: string } {
  const rows = TRANSITIONS.filter((r) => r.from === from && r.event === event);
  const row = rows.find((r) => !r.stages || (stage != null && r.stages.includes(stage))) ?? rows[0];
  const check = checkTransition(from, row?.to ?? from, event, stage);
  return check.allowed ? { to: check.rule.to } : { reason: check.reason };
}

/** An attempted move the table does not allow: an error, never a silent overwrite. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly from: WantedState,
    readonly to: WantedState,
    readonly event: WantedEvent,
    reason: string,
  ) {
    super(`illegal transition ${from} → ${to} (${event}): ${reason}`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: WantedState, to: WantedState, event: WantedEvent, stage?: FailureStage | null): TransitionRule {
  const check = checkTransition(from, to, event, stage);
  if (!check.allowed) throw new IllegalTransitionError(from, to, event, check.reason);
  return check.rule;
}
