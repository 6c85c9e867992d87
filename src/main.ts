import { runUntilSignal } from './app/run-until-signal.js';
import { ROLES } from './app/roles.js';

// `npm start`: every role in one process, on the embedded PostgreSQL unless DATABASE_URL is set.
await runUntilSignal(new Set(ROLES));
