import type { Clock } from './clock.js';
import type { ProbeLifetime } from './lifetime.js';
import type { ProbeSettings, ProbeTarget } from '../record/record.js';
import type { Recorder } from './recorder.js';
import type { Transport } from './transport.js';

/** Everything one probe of one address shares. */
export interface ProbeContext {
  transport: Transport;
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
