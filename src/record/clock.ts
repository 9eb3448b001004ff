export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Wall-clock time, for the report's timestamp only. */
  wall(): Date;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wall: () => new Date(),
};
