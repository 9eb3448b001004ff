/** Defaults shared by the command line and targets files, so both probe the same way. */
export const DEFAULTS = { timeoutS: 5, greetingTimeoutS: 15, deadlineS: 60 } as const;

/** Limits on option values; the same on the command line and in a targets file. */
/** idleS: --idle's maximum, an hour: longer idle timers (a load balancer's 350 s, a NAT's 1200 s) all fall within it. */
/** transferBytes: --transfer-max's maximum, 1 GiB: a transfer is bounded by it and by the deadline; transfers: --transfers's. */
export const LIMITS = {
  phaseS: 600,
  deadlineS: 3600,
  pasvSamples: 200,
  concurrency: 200,
  idleS: 3600,
  transferBytes: 1024 * 1024 * 1024,
  transfers: 1000,
} as const;

/** A listing is read up to this many bytes, then the data connection is closed. */
export const LISTING_CAP_BYTES = 1024 * 1024;

/** --transfer's default size cap: a file is read up to this many bytes (--transfer-max changes it, up to LIMITS.transferBytes). */
export const TRANSFER_MAX_BYTES = 4 * 1024 * 1024;
