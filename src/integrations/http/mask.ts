/**
 * Secret masking for every log line and error message of the integration layer: the one redaction list of the service
 * (src/core/redaction/redact.ts), seen from the HTTP layer. Two nets: the exact secret values a client was configured
 * with (API keys, tokens, mam_id, passwords), and patterns for secrets we never saw before (a rotated mam_id in a
 * Set-Cookie, a Prowlarr `link=` that embeds a tracker passkey, a MAM `dl` token or a tracker passkey in a path).
 */
export { MASK, REDACT_PATHS, maskText, maskUrl, maskValue } from '../../core/redaction/redact.js';
