import { isIP } from 'node:net';
import { sameAddress } from '../net/address.js';
import type { ResolvedAddress, Transport } from './transport.js';

/**
 * The one outbound policy: which addresses a probe may connect to. Every
 * connection goes through `policedTransport`, which takes addresses only (a
 * name is resolved once, before) and refuses any address outside the policy.
 */
export interface OutboundPolicy {
  allows(address: string): boolean;
  /** Where the policy comes from, for the reason a connection was not made ("--allow"). */
  readonly source: string;
}

/** The command line: the user chose the target; which data address to follow is the data-mode rule's choice. */
export const OPEN_POLICY: OutboundPolicy = { allows: () => true, source: 'no limit' };

/** Only these addresses: the exporter's target after --allow, the reflector's caller, network's reflector. */
export function onlyAddresses(addresses: readonly string[], source: string): OutboundPolicy {
  return { allows: (address) => addresses.some((allowed) => sameAddress(allowed, address)), source };
}

/** Thrown by the policed transport; callers check the policy first, so this is a defect caught, never a connection made. */
export class OutsidePolicyError extends Error {
  readonly code = 'EPOLICY';
}

export function policedTransport(base: Transport, policy: OutboundPolicy): Transport {
  return {
    connect(options) {
      if (isIP(options.host) === 0)
        throw new OutsidePolicyError(
          `${options.host} is not an address: names are resolved once, before any connection`,
        );
      if (!policy.allows(options.host))
        throw new OutsidePolicyError(`${options.host} is outside the outbound policy (${policy.source})`);
      return base.connect(options);
    },
    listen: (options) => base.listen(options),
    lookup: (name) => base.lookup(name),
  };
}

/** A transport whose look-up of `name` answers what was found once before: the check and the connection see the same addresses. */
export function pinnedTransport(base: Transport, name: string, found: ResolvedAddress[] | Error): Transport {
  return {
    connect: (options) => base.connect(options),
    listen: (options) => base.listen(options),
    lookup: (asked) => {
      if (asked.toLowerCase() !== name.toLowerCase())
        return Promise.reject(new OutsidePolicyError(`${asked} was not resolved for this probe`));
      return found instanceof Error ? Promise.reject(found) : Promise.resolve(found);
    },
  };
}
