import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Columns most tables share. Timestamps are timestamptz: the service and its users live in different zones. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const tstz = (name: string) => timestamp(name, { withTimezone: true });
