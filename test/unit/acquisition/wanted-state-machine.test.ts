import { describe, expect, it } from 'vitest';
import { FAILURE_STAGES, WANTED_STATES, type FailureStage, type WantedState } from '../../../src/core/acquisition/states.js';
import {
  assertTransition,
  checkTransition,
  IllegalTransitionError,
  targetOf,
  TRANSITIONS,
  type WantedEvent,
} from '../../../src/core/acquisition/wanted-state-machine.js';

type Row = [WantedState, WantedEvent, WantedState, FailureStage?];

/** The transitions of issue #14 and docs/acquisition.md, written out by hand (not derived from the table). */
const EXPECTED: Row[] = [
  ['PENDING_APPROVAL', 'approve', 'APPROVED'],
  ['PENDING_APPROVAL', 'reject', 'REJECTED'],
  ['PENDING_APPROVAL', 'ignore', 'IGNORED'],
  ['UPCOMING', 'release-date', 'PENDING_APPROVAL'],
  ['APPROVED', 'search-start', 'SEARCHING'],
  ['SEARCHING', 'grab', 'GRABBED'],
  ['GRABBED', 'download-start', 'DOWNLOADING'],
  ['GRABBED', 'download-complete', 'DOWNLOADED'],
  ['DOWNLOADING', 'download-complete', 'DOWNLOADED'],
  ['DOWNLOADED', 'import-start', 'IMPORTING'],
  ['IMPORTING', 'import-complete', 'IMPORTED'],
  ['IMPORTED', 'verify', 'VERIFIED'],
  // failures: into RETRY_WAIT (with the failed stage) or FAILED
  ...(
    [
      ['SEARCHING', 'search'],
      ['SEARCHING', 'grab'],
      ['GRABBED', 'grab'],
      ['GRABBED', 'download'],
      ['DOWNLOADING', 'download'],
      ['DOWNLOADED', 'import'],
      ['IMPORTING', 'import'],
      ['IMPORTED', 'metadata'],
    ] as const
  ).flatMap(([from, stage]): Row[] => [
    [from, 'fail', 'RETRY_WAIT', stage],
    [from, 'fail-permanent', 'FAILED', stage],
  ]),
  // back to the stage when due (retry-due) or at a user's retry (also from FAILED)
  ...(['retry-due', 'user-retry'] as const).flatMap((event): Row[] => [
    ['RETRY_WAIT', event, 'APPROVED', 'search'],
    ['RETRY_WAIT', event, 'APPROVED', 'grab'],
    ['RETRY_WAIT', event, 'APPROVED', 'download'],
    ['RETRY_WAIT', event, 'DOWNLOADED', 'import'],
    ['RETRY_WAIT', event, 'IMPORTED', 'metadata'],
  ]),
  ['FAILED', 'user-retry', 'APPROVED', 'search'],
  ['FAILED', 'user-retry', 'APPROVED', 'grab'],
  ['FAILED', 'user-retry', 'APPROVED', 'download'],
  ['FAILED', 'user-retry', 'DOWNLOADED', 'import'],
  ['FAILED', 'user-retry', 'IMPORTED', 'metadata'],
  ...(['GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'RETRY_WAIT', 'FAILED'] as const).map((from): Row => [from, 'blocklist', 'APPROVED']),
  ...(['PENDING_APPROVAL', 'UPCOMING', 'APPROVED', 'SEARCHING', 'GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'RETRY_WAIT', 'FAILED'] as const).flatMap(
    (from): Row[] => [
      [from, 'owned', 'OWNED'],
      [from, 'cancel', 'CANCELLED'],
    ],
  ),
];

/** One move each state refuses, with the words the refusal must contain. */
const REFUSED: Record<WantedState, [WantedEvent, WantedState, RegExp]> = {
  PENDING_APPROVAL: ['search-start', 'SEARCHING', /search-start is not possible in PENDING_APPROVAL \(possible: approve, reject, ignore/],
  UPCOMING: ['approve', 'APPROVED', /approve is not possible in UPCOMING/],
  APPROVED: ['approve', 'APPROVED', /approve is not possible in APPROVED/],
  REJECTED: ['approve', 'APPROVED', /REJECTED is final/],
  IGNORED: ['approve', 'APPROVED', /IGNORED is final/],
  SEARCHING: ['download-complete', 'DOWNLOADED', /download-complete is not possible in SEARCHING/],
  GRABBED: ['import-start', 'IMPORTING', /import-start is not possible in GRABBED/],
  DOWNLOADING: ['grab', 'GRABBED', /grab is not possible in DOWNLOADING/],
  DOWNLOADED: ['verify', 'VERIFIED', /verify is not possible in DOWNLOADED/],
  IMPORTING: ['cancel', 'CANCELLED', /cancel is not possible in IMPORTING/],
  IMPORTED: ['owned', 'OWNED', /owned is not possible in IMPORTED/],
  VERIFIED: ['fail', 'RETRY_WAIT', /VERIFIED is final/],
  RETRY_WAIT: ['search-start', 'SEARCHING', /search-start is not possible in RETRY_WAIT/],
  FAILED: ['retry-due', 'APPROVED', /retry-due is not possible in FAILED/],
  OWNED: ['cancel', 'CANCELLED', /OWNED is final/],
  CANCELLED: ['user-retry', 'APPROVED', /CANCELLED is final/],
};

const key = (from: string, event: string, to: string, stage?: string) => `${from} -${event}-> ${to}${stage ? ` [${stage}]` : ''}`;

describe('the wanted-book transition table', () => {
  it('holds exactly the transitions of the design, no more', () => {
    const actual = TRANSITIONS.flatMap((r) => (r.stages ? r.stages.map((s) => key(r.from, r.event, r.to, s)) : [key(r.from, r.event, r.to)]));
    expect(new Set(actual).size).toBe(actual.length);
    expect([...actual].sort()).toEqual(EXPECTED.map(([f, e, t, s]) => key(f, e, t, s)).sort());
  });

  it.each(EXPECTED.map((r) => [key(...r), r] as const))('allows %s', (_name, [from, event, to, stage]) => {
    const check = checkTransition(from, to, event, stage);
    expect(check).toMatchObject({ allowed: true });
    expect(targetOf(from, event, stage)).toEqual({ to });
    expect(() => assertTransition(from, to, event, stage)).not.toThrow();
  });

  it.each(WANTED_STATES.map((s) => [s] as const))('refuses a move from %s and says why', (state) => {
    const [event, to, reason] = REFUSED[state];
    const check = checkTransition(state, to, event);
    expect(check.allowed).toBe(false);
    if (!check.allowed) expect(check.reason).toMatch(reason);
    expect(() => assertTransition(state, to, event)).toThrow(IllegalTransitionError);
  });

  it('refuses the right event to the wrong state, and a failure without its stage or at a stage that is not there', () => {
    expect(checkTransition('PENDING_APPROVAL', 'SEARCHING', 'approve')).toEqual({ allowed: false, reason: 'approve moves a book from PENDING_APPROVAL to APPROVED, not to SEARCHING' });
    expect(checkTransition('SEARCHING', 'RETRY_WAIT', 'fail')).toEqual({ allowed: false, reason: 'fail from SEARCHING needs the failed stage' });
    expect(checkTransition('SEARCHING', 'RETRY_WAIT', 'fail', 'import')).toMatchObject({ allowed: false, reason: expect.stringMatching(/not for the import stage/) });
    // A book waiting after an import failure resumes at DOWNLOADED, never by searching again.
    expect(checkTransition('RETRY_WAIT', 'APPROVED', 'retry-due', 'import')).toMatchObject({ allowed: false });
    expect(targetOf('RETRY_WAIT', 'retry-due', 'import')).toEqual({ to: 'DOWNLOADED' });
    expect(targetOf('RETRY_WAIT', 'retry-due', null)).toMatchObject({ reason: expect.stringMatching(/needs the failed stage/) });
  });

  it('gives every state a way in, and every non-final state a way out', () => {
    const into = new Set(TRANSITIONS.map((r) => r.to));
    const outOf = new Set(TRANSITIONS.map((r) => r.from));
    for (const s of WANTED_STATES) if (s !== 'UPCOMING') expect(into.has(s), s).toBe(true);
    for (const s of WANTED_STATES.filter((x) => !['REJECTED', 'IGNORED', 'VERIFIED', 'OWNED', 'CANCELLED'].includes(x))) expect(outOf.has(s), s).toBe(true);
    for (const stage of FAILURE_STAGES) expect(targetOf('FAILED', 'user-retry', stage)).not.toHaveProperty('reason');
  });
});
