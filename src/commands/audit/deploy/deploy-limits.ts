/** Ports one compose service can publish: more is not a port list. */
export const MAX_PUBLISHED_PORTS = 65536;

/**
 * Ports read over the whole deployment (every service's ranges, every
 * Service in front of every workload): a bound on the work the port rules do,
 * far above any real deployment.
 */
export const MAX_PORTS_READ = 1_048_576;
