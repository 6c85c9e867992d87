import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes reviewed SQL migrations into drizzle/. Never `drizzle-kit push`: the database also
// holds Agenda's table, which push would try to drop.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
