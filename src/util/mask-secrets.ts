/**
 * The masker of configured secret values (in their raw, JSON-escaped, URL- and form-encoded forms) and of
 * secret-looking patterns, used on every serialised log line; it lives with the one redaction list.
 */
export { createSecretMasker } from '../core/redaction/redact.js';
