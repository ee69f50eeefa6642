/**
 * How long the gateway keeps a Responses API answer for `previous_response_id` and
 * `GET /v1/responses/{id}`: 30 days (OpenAI's own retention for stored responses). Expired
 * records are never returned and are purged by the reaper, at most `PURGE_BATCH` per round.
 */
export const RESPONSE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** At most this many expired responses are deleted per reaper round (one bounded statement). */
export const RESPONSE_PURGE_BATCH = 1000;

/** A conversation is kept only while it (input items and answer) fits in this many bytes, and in one request body. */
export const RESPONSE_MAX_BYTES = 8 * 1024 * 1024;
