/** The bytes are not a usable .torrent (not bencode, or no `info` dictionary, or fields of the wrong type). */
export class InvalidTorrentError extends Error {
  override readonly name = 'InvalidTorrentError';
  readonly code = 'torrent.invalid';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
