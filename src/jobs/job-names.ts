/**
 * Every job the service runs. The registry refuses to start unless each name here has exactly one definition, so a
 * job scheduled by one version is never silently left without a handler by another.
 */
export const JOB_NAMES = ['cleanup', 'inbox', 'abs-poll', 'qbittorrent-poll', 'library-sync'] as const;
export type JobName = (typeof JOB_NAMES)[number];
