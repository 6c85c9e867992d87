export const ROLES = ['web', 'worker', 'bot'] as const;
export type Role = (typeof ROLES)[number];

/** "all", or a comma-separated subset such as "web,worker". Throws naming the unknown role. */
export function parseRoles(value: string): Set<Role> {
  const parts = value
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  if (parts.length === 0) throw new Error('No role given: use web, worker, bot or all');
  const roles = new Set<Role>();
  for (const part of parts) {
    if (part === 'all') ROLES.forEach((r) => roles.add(r));
    else if ((ROLES as readonly string[]).includes(part)) roles.add(part as Role);
    else throw new Error(`Unknown role "${part}": use web, worker, bot or all (comma-separated)`);
  }
  return roles;
}
