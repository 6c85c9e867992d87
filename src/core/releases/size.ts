/** Sizes as torrent sites show them: binary units written "MB"/"GB" (the corpus counts MB as MiB too). */
export const MIB = 1024 * 1024;

export function mibPerHour(sizeBytes: number, durationMinutes: number | null): number | null {
  if (durationMinutes === null || durationMinutes <= 0) return null;
  return sizeBytes / MIB / (durationMinutes / 60);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${(bytes / 1024 / MIB).toFixed(1)} GB`;
  return `${(bytes / MIB).toFixed(1)} MB`;
}

export function formatRate(mibPerHourValue: number): string {
  return `${mibPerHourValue.toFixed(1)} MB/h`;
}
