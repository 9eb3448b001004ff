import type { Clock } from '../record/clock.js';
import type { ProbeLifetime } from './lifetime.js';
import type { ProbeSettings, ProbeTarget } from '../record/record.js';
import type { Recorder } from './recorder.js';
import type { Transport } from './transport.js';
import type { OutboundPolicy } from './policy.js';

/** Everything one probe of one address shares. */
export interface ProbeContext {
  /** Policed: refuses names and any address outside `policy`. */
  transport: Transport;
  policy: OutboundPolicy;
  clock: Clock;
  lifetime: ProbeLifetime;
  recorder: Recorder;
  settings: ProbeSettings;
  target: ProbeTarget;
  /** The address being probed (a resolved one when the target is a name). */
  address: string;
  /** Never recorded: only sent after PASS. */
  password: string;
}
