import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz, updatedAt } from './columns.js';

/** `interrupted`: left `running` by a process that is gone (closed at a worker's start or heartbeat). */
export const TASK_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** One row per job run: what ran, how long, how much it did, and why it failed. */
export const taskRuns = pgTable(
  'task_runs',
  {
    id: id(),
    job: text('job').notNull(),
    status: text('status').$type<TaskStatus>().notNull().default('running'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    durationMs: integer('duration_ms'),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    error: text('error'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The process that runs it (worker_heartbeats.id): a `running` row whose process stopped beating is interrupted. */
    processId: text('process_id'),
  },
  (t) => [
    index('task_runs_job_started_idx').on(t.job, t.startedAt),
    index('task_runs_started_idx').on(t.startedAt),
    index('task_runs_running_idx').on(t.status).where(sql`status = 'running'`),
  ],
);

/** One row per worker process (several may share the database): when it started and when it last said it was alive. */
export const workerHeartbeats = pgTable(
  'worker_heartbeats',
  {
    /** Random per process start. */
    id: text('id').primaryKey(),
    hostname: text('hostname').notNull(),
    pid: integer('pid').notNull(),
    roles: text('roles').notNull(),
    startedAt: tstz('started_at').notNull(),
    seenAt: tstz('seen_at').notNull(),
  },
  (t) => [index('worker_heartbeats_seen_idx').on(t.seenAt)],
);

/** Genres whose weekly top lists are watched on MyAnonamouse. */
export const genreSettings = pgTable('genre_settings', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  enabled: boolean('enabled').notNull().default(false),
  /** MyAnonamouse category id, when mapped. */
  mamCategoryId: integer('mam_category_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Upstream responses (successes only), per service, with a TTL. */
export const apiCache = pgTable(
  'api_cache',
  {
    service: text('service').notNull(),
    cacheKey: text('cache_key').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body'),
    expiresAt: tstz('expires_at').notNull(),
    hits: integer('hits').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.service, t.cacheKey] }), index('api_cache_expires_idx').on(t.expiresAt)],
);

/** Request budgets with long windows (per day, per hour), shared by every process and kept across restarts. */
export const rateBudgets = pgTable(
  'rate_budgets',
  {
    service: text('service').notNull(),
    /** e.g. "day:2026-11-21". */
    windowKey: text('window_key').notNull(),
    used: integer('used').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.service, t.windowKey] })],
);

export const INBOX_STATUSES = ['pending', 'processing', 'processed', 'failed', 'ignored'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** Inbox: every received webhook or socket event, stored before it is acknowledged, processed by a job. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    source: text('source').notNull(),
    /** Unique per delivery: a duplicate delivery is recognised and changes nothing. */
    deliveryKey: text('delivery_key').notNull(),
    eventType: text('event_type').notNull(),
    /** Events with the same ordering key are processed in receipt order (e.g. one torrent hash, one ABS item). */
    orderingKey: text('ordering_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<InboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** What processing concluded, e.g. `completed`, `foreign-hash`, `test`. */
    outcome: text('outcome'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    /** A failed attempt pushes this back (backoff); pending events are taken once it has passed. */
    availableAt: tstz('available_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_events_delivery_key_uq').on(t.deliveryKey),
    index('webhook_events_status_idx').on(t.status, t.receivedAt),
    index('webhook_events_ordering_idx').on(t.orderingKey, t.receivedAt),
  ],
);

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Outbox: notifications for Discord, delivered in order and exactly once per idempotency key by the bot role. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** Notifications sharing a batch key that are pending together are sent as one digest. */
    batchKey: text('batch_key'),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    discordMessageId: text('discord_message_id'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_idempotency_key_uq').on(t.idempotencyKey),
    index('notifications_status_idx').on(t.status, t.nextAttemptAt, t.createdAt),
  ],
);

/** Settings changed at run time (from Discord or the CLI), overriding the environment's defaults. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});
