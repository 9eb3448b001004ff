/**
 * What a capture's reading keeps, whatever the capture: lines are cut at
 * lineBytes, a session keeps its first sessionLines lines or sessionBytes,
 * all sessions together totalBytes, only the first `sessions` sessions are
 * read, and the reading stops after readingMs. Reports say which cap a
 * capture reached.
 */
export const CAPTURE_LIMITS = {
  lineBytes: 8 * 1024,
  sessionLines: 20_000,
  sessionBytes: 1024 * 1024,
  totalBytes: 16 * 1024 * 1024,
  sessions: 500,
  /** Out-of-order bytes held back a direction, and over every connection (each segment counted with its overhead). */
  heldBytes: 1024 * 1024,
  heldTotalBytes: 32 * 1024 * 1024,
  readingMs: 60_000,
} as const;
