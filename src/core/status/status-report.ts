/**
 * What the service knows about its own health, shown by GET /ready, `cli doctor`-like commands and Discord's /status.
 * Built by the composition root from the database, the job store and the integrations; rendered by each front end.
 */
/** `enabled`: configured, but its first periodic health check has not ended yet (or it has nothing to check). */
export type ComponentState = 'healthy' | 'unhealthy' | 'disabled' | 'enabled';

export interface ComponentStatus {
  name: string;
  state: ComponentState;
  /** Why it is unhealthy or disabled, in words an operator can act on ("ABS_BASE_URL not set", "401 from /login"). */
  reason?: string;
  /** e.g. the upstream's version when known. */
  detail?: string;
  /** When the verdict was reached (periodic checks); absent for a verdict made on the spot. */
  checkedAt?: Date;
}

export interface ScheduledJobStatus {
  name: string;
  nextRunAt: Date | null;
  lastRun?: { status: string; startedAt: Date; finishedAt: Date | null; error?: string | null };
}

/** Whether anything processes the work: the workers' heartbeats and the inbox's lag (read by any role). */
export interface ProcessingStatus {
  worker: ComponentStatus & { live: number; lastHeartbeatAt: Date | null };
  inbox: ComponentStatus & { pending: number; oldestPendingAgeSeconds: number | null };
}

export interface StatusReport {
  database: ComponentStatus;
  jobStore: ComponentStatus;
  /** Absent when the database cannot be read. */
  processing?: ProcessingStatus;
  integrations: ComponentStatus[];
  jobs: ScheduledJobStatus[];
  generatedAt: Date;
}

/** Something that can produce the current report; each front end asks it on demand. */
export type StatusProvider = () => Promise<StatusReport>;
