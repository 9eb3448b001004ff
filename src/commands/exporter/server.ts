import http from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { UsageError } from '../../input/usage-error.js';
import { buildRequest, OptionError } from '../../input/settings.js';
import { DEFAULTS, LIMITS } from '../../input/defaults.js';
import { maskUrlPasswords, parseTarget } from '../../input/target.js';
import type { AllowList } from '../../net/allow.js';
import { onlyAddresses, pinnedTransport, type OutboundPolicy } from '../../probe/policy.js';
import type { ResolvedAddress, Transport } from '../../probe/transport.js';
import { isIP } from 'node:net';
import type { CliIO } from '../../io/io.js';
import { toolVersion } from '../../io/version.js';
import { systemClock } from '../../record/clock.js';
import { probe } from '../../probe/runner.js';
import { nodeTransport } from '../../probe/transport.js';
import { targetReport } from '../../report/assemble.js';
import { printable } from '../../report/printable.js';
import { probeRegistry } from './metrics.js';
import type { ExporterConfig, ExporterModule } from './modules.js';
import type { SdGroup } from './service-discovery.js';

export interface ExporterOptions {
  host: string;
  port: number;
  maxConcurrent: number;
  allow: AllowList;
  config: ExporterConfig;
  /** The targets file as Prometheus HTTP service discovery (/sd): read at each request, so a reload shows at once. */
  serviceDiscovery?: () => SdGroup[];
}

/** Time kept back from the scrape's timeout, as blackbox_exporter does, so the answer arrives before Prometheus gives up. */
const SCRAPE_MARGIN_MS = 500;
/** Without the header (a person with curl), the probe's default deadline applies, as documented. */
const DEFAULT_SCRAPE_TIMEOUT_MS = DEFAULTS.deadlineS * 1000 + SCRAPE_MARGIN_MS;
/** Prometheus never asks for more than this; a larger header is taken as this. */
const MAX_SCRAPE_TIMEOUT_MS = LIMITS.deadlineS * 1000;
/** Scrapes that may wait for a slot, for each slot: beyond it, 503 at once. */
const QUEUED_PER_SLOT = 4;
/** A probe needs at least this long to say anything: a request that cannot get a slot in time is answered 503. */
const MINIMUM_PROBE_MS = 1000;
const MAX_URL = 4096;

class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  /** A slot before the deadline, or false: nothing piles up beyond the scrape's own timeout, or once its client has gone. */
  async acquire(until: number, clock: () => number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (this.running < this.max) {
      this.running += 1;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const leave = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', leave);
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(false);
      };
      const grant = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', leave);
        this.running += 1;
        resolve(true);
      };
      const timer = setTimeout(leave, Math.max(0, until - clock()));
      signal.addEventListener('abort', leave, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    this.running -= 1;
    this.waiting.shift()?.();
  }

  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * One line of the exporter's log: what a scrape asked for is the client's
 * text, so it goes through the reports' sanitizer (no terminal escapes, no
 * line breaks that forge a line) and every URL's password is masked.
 */
export function logLine(io: Pick<CliIO, 'stderr'>, line: string): void {
  io.stderr.write(`${new Date().toISOString()} ${printable(maskUrlPasswords(line))}\n`);
}

/** `ftp-doctor exporter`: probes on request, Prometheus' multi-target pattern; returns once the server is listening. */
export async function startExporter(options: ExporterOptions, io: CliIO): Promise<http.Server> {
  const metrics = exporterMetrics();
  const { own, refused } = metrics;
  const slots = new Slots(options.maxConcurrent);
  const maxQueued = options.maxConcurrent * QUEUED_PER_SLOT;
  const now = (): number => performance.now();
  const log = (line: string): void => logLine(io, line);

  const answer = (
    response: http.ServerResponse,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ): void => {
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    response.end(body);
  };
  const refuse = (response: http.ServerResponse, status: number, reason: string, message: string): void => {
    refused.inc({ reason });
    answer(response, status, `${message}\n`);
  };
  const handleProbe = probeHandler({ options, io, metrics, slots, maxQueued, now, log, answer, refuse });

  const server = http.createServer((request, response) => {
    void (async () => {
      if ((request.url ?? '').length > MAX_URL) return refuse(response, 414, 'bad-request', 'the URL is too long');
      let url: URL;
      try {
        url = new URL(request.url ?? '/', 'http://exporter.invalid');
      } catch {
        return refuse(response, 400, 'bad-request', 'cannot read the request URL');
      }
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return refuse(response, 405, 'bad-request', 'only GET');
      if (url.pathname === '/probe') return handleProbe(request, response, url);
      if (url.pathname === '/metrics') return answer(response, 200, await own.metrics(), own.contentType);
      // For a container's liveness and readiness probes: the exporter answers.
      if (url.pathname === '/-/healthy') return answer(response, 200, 'ok\n');
      if (url.pathname === '/sd') {
        if (!options.serviceDiscovery)
          return refuse(response, 404, 'bad-request', 'no targets file: start with --targets FILE');
        return answer(response, 200, `${JSON.stringify(options.serviceDiscovery())}\n`, 'application/json');
      }
      if (url.pathname === '/') {
        const modules = [...options.config.modules.keys()].map((name) => `<li><code>${name}</code></li>`).join('');
        return answer(
          response,
          200,
          `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>ftp-doctor exporter</title></head><body><h1>ftp-doctor exporter</h1><p>Probe: <code>/probe?target=ftp://host&amp;module=NAME</code>. The exporter's own metrics: <a href="/metrics">/metrics</a>.</p><p>Modules:</p><ul>${modules}</ul></body></html>\n`,
          'text/html; charset=utf-8',
        );
      }
      return refuse(response, 404, 'bad-request', 'not found: /probe, /sd, /metrics, /-/healthy or /');
    })().catch((error: unknown) => {
      log(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) answer(response, 500, 'internal error\n');
      else response.end();
    });
  });
  server.requestTimeout = MAX_SCRAPE_TIMEOUT_MS + 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => resolve());
  });
  return server;
}

/** The scrape's timeout from Prometheus' header; the documented default without one; undefined for a header that is not a number. */
function scrapeTimeoutMs(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return DEFAULT_SCRAPE_TIMEOUT_MS;
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return Math.min(seconds * 1000, MAX_SCRAPE_TIMEOUT_MS);
}

/** A name's addresses, found once and within the scrape's time; a failure is kept as the answer, never retried. */
async function lookupWithin(transport: Transport, name: string, ms: number): Promise<ResolvedAddress[] | Error> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Error>(
    (resolve) => (timer = setTimeout(() => resolve(new Error('the name lookup took too long')), ms)),
  );
  try {
    return await Promise.race([
      transport.lookup(name).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Where this scrape's probe may connect: the target's own addresses; a passive
 * reply's address only inside --allow's CIDRs (and a credentialed module's
 * targets). With neither, the data-mode rule alone decides, as on the command line.
 */
function exporterPolicy(resolved: string[], allow: AllowList, module: ExporterModule): OutboundPolicy {
  const limited = allow.patterns.length > 0 || module.targets !== undefined;
  const source = module.targets ? `--allow and module "${module.name}"'s targets` : '--allow';
  const target = onlyAddresses(resolved, source);
  return {
    source,
    allows: (address) =>
      target.allows(address) ||
      !limited ||
      ((allow.patterns.length === 0 || allow.inRanges(address)) &&
        (module.targets === undefined || module.targets.inRanges(address))),
  };
}

/** The exporter's own series: process metrics, probes run, requests refused, probes in flight. */
function exporterMetrics() {
  const own = new Registry();
  collectDefaultMetrics({ register: own, prefix: 'ftp_doctor_exporter_' });
  // prom-client names three gauges with a counter's _total suffix; promtool rejects them, and they say little here.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    own.removeSingleMetric(`ftp_doctor_exporter_${name}`);
  const probes = new Counter({
    name: 'ftp_doctor_exporter_probes_total',
    help: 'Probes run, by module and result',
    labelNames: ['module', 'result'],
    registers: [own],
  });
  const refused = new Counter({
    name: 'ftp_doctor_exporter_requests_refused_total',
    help: 'Requests answered 400, 403 or 503, by reason',
    labelNames: ['reason'],
    registers: [own],
  });
  const inFlight = new Gauge({
    name: 'ftp_doctor_exporter_probes_in_flight',
    help: 'Probes running now',
    registers: [own],
  });
  return { own, probes, refused, inFlight };
}

interface HandlerContext {
  options: ExporterOptions;
  io: CliIO;
  metrics: ReturnType<typeof exporterMetrics>;
  slots: Slots;
  maxQueued: number;
  now: () => number;
  log: (line: string) => void;
  answer: (response: http.ServerResponse, status: number, body: string, type?: string) => void;
  refuse: (response: http.ServerResponse, status: number, reason: string, message: string) => void;
}

/** A request refused before anything is probed: the status, the reason counted in the metrics, the message. */
interface Refusal {
  refused: { status: number; reason: string; message: string };
}
const refusal = (status: number, reason: string, message: string): Refusal => ({
  refused: { status, reason, message },
});
type ModuleOf = NonNullable<ReturnType<ExporterOptions['config']['modules']['get']>>;

/** /probe: checks the request against --allow and the module, resolves the target once, probes it within the scrape's time. */
function probeHandler({
  options,
  io,
  metrics: { probes, inFlight },
  slots,
  maxQueued,
  now,
  log,
  answer,
  refuse,
}: HandlerContext) {
  const refuseWith = (response: http.ServerResponse, { refused }: Refusal): void =>
    refuse(response, refused.status, refused.reason, refused.message);
  return async (request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> => {
    const started = now();
    const asked = targetAndModule(url, options);
    if ('refused' in asked) return refuseWith(response, asked);
    const { target, moduleName, module, host } = asked;
    const scrapeMs = scrapeTimeoutMs(request.headers['x-prometheus-scrape-timeout-seconds']);
    if (scrapeMs === undefined)
      return refuse(response, 400, 'bad-request', 'X-Prometheus-Scrape-Timeout-Seconds must be a number of seconds');
    const until = started + scrapeMs - SCRAPE_MARGIN_MS;
    if (slots.queued >= maxQueued)
      return refuse(
        response,
        503,
        'busy',
        `busy: ${options.maxConcurrent} probes running and ${slots.queued} scrapes waiting`,
      );
    // A scrape whose client has gone needs no answer: its probe stops and its slot is freed.
    const gone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) gone.abort();
    });
    if (!(await slots.acquire(until - MINIMUM_PROBE_MS, now, gone.signal))) {
      if (gone.signal.aborted) return;
      return refuse(
        response,
        503,
        'busy',
        `busy: ${options.maxConcurrent} probes running, and this scrape's timeout leaves no time to wait`,
      );
    }
    inFlight.inc();
    try {
      const probeRequest = requestWithin(module, moduleName, target, (until - now()) / 1000, io);
      if ('refused' in probeRequest) return refuseWith(response, probeRequest);
      // Resolved once: the allow check and the probe's connections see the same addresses.
      const transport = io.transport ?? nodeTransport;
      const found = isIP(host)
        ? [{ address: host, family: isIP(host) === 6 ? 6 : 4 } as const]
        : await lookupWithin(transport, host, Math.max(0, until - now()));
      const outside = found instanceof Error ? undefined : addressOutside(found, host, moduleName, module, options);
      if (outside) return refuseWith(response, outside);
      const policy = exporterPolicy(
        found instanceof Error ? [] : found.map((entry) => entry.address),
        options.allow,
        module,
      );
      const signal = io.signal ? AbortSignal.any([io.signal, gone.signal]) : gone.signal;
      const records = await (io.probe ?? probe)(probeRequest, {
        transport: pinnedTransport(transport, host, found),
        policy,
        clock: io.clock ?? systemClock,
        toolVersion: toolVersion(),
        signal,
      });
      if (gone.signal.aborted)
        return log(`probe ${probeRequest.target.input} module=${moduleName} cancelled: the scrape's client went away`);
      const report = targetReport(
        probeRequest.target.input,
        records,
        { failOn: 'error', redact: false },
        module.expectations,
      );
      const registry = probeRegistry(report, (now() - started) / 1000);
      probes.inc({ module: moduleName, result: report.gate.passed ? 'success' : 'failure' });
      log(
        `probe ${probeRequest.target.input} module=${moduleName} verdict=${report.document.verdict.verdict} ${Math.round(now() - started)} ms`,
      );
      answer(response, 200, await registry.metrics(), registry.contentType);
    } finally {
      inFlight.dec();
      slots.release();
    }
  };
}

/** The target and the module a scrape names, checked against --allow and the module's own targets before anything else. */
function targetAndModule(
  url: URL,
  options: ExporterOptions,
): Refusal | { target: string; moduleName: string; module: ModuleOf; host: string } {
  const target = url.searchParams.get('target') ?? '';
  const moduleName = url.searchParams.get('module') ?? 'default';
  const module = options.config.modules.get(moduleName);
  if (!target) return refusal(400, 'bad-request', 'target parameter is missing: /probe?target=ftp://host&module=NAME');
  if (!module)
    return refusal(
      400,
      'bad-request',
      `unknown module "${printable(moduleName.slice(0, 200))}" (known: ${[...options.config.modules.keys()].join(', ')})`,
    );
  let host: string;
  try {
    const parsed = parseTarget(target);
    // A password in the target would end up in Prometheus' instance label, its storage and its UI.
    if (parsed.password !== undefined)
      return refusal(
        400,
        'password-in-target',
        "a password in the target is refused: it would be stored as a label; use the module's passwordEnv or passwordFile",
      );
    host = parsed.host;
  } catch (error) {
    return refusal(
      400,
      'bad-request',
      `target: ${maskUrlPasswords(error instanceof Error ? error.message : String(error))}`,
    );
  }
  if (!options.allow.allowsName(host)) return refusal(403, 'not-allowed', `target "${host}" is not allowed by --allow`);
  if (module.targets && !module.targets.allowsName(host))
    return refusal(
      403,
      'not-allowed',
      `module "${moduleName}" logs in with a password and may be used only for its targets (${module.targets.patterns.join(', ')}), not "${host}"`,
    );
  return { target, moduleName, module, host };
}

/** The probe's request from the module, its deadline within what the scrape leaves (a module's idle waits count too). */
function requestWithin(
  module: ModuleOf,
  moduleName: string,
  target: string,
  leftS: number,
  io: CliIO,
): Refusal | ReturnType<typeof buildRequest> {
  try {
    const idleS = module.options.idle === undefined ? 0 : Number(module.options.idle);
    const remaining = leftS - (Number.isFinite(idleS) ? idleS : 0);
    if (remaining < MINIMUM_PROBE_MS / 1000)
      return refusal(
        400,
        'bad-request',
        `module ${moduleName}: idle ${idleS} s does not fit in this scrape's timeout; raise scrape_timeout above it by the probe's own time`,
      );
    const deadline =
      module.options.deadline === undefined ? remaining : Math.min(Number(module.options.deadline), remaining);
    return buildRequest(
      { ...module.options, target, deadline: Math.max(0.1, deadline) },
      { env: io.env, homedir: io.homedir, readFile: (file) => io.readFile(file) },
    );
  } catch (error) {
    if (error instanceof OptionError || error instanceof UsageError)
      return refusal(400, 'bad-request', maskUrlPasswords(error.message));
    throw error;
  }
}

/** An address the name resolved to that --allow or the module's targets do not allow: the probe connects nowhere. */
function addressOutside(
  found: Array<{ address: string }>,
  host: string,
  moduleName: string,
  module: ModuleOf,
  options: ExporterOptions,
): Refusal | undefined {
  const outside = found.find(
    (entry) =>
      !options.allow.allowsAddress(entry.address) ||
      (module.targets !== undefined && !module.targets.allowsAddress(entry.address)),
  );
  if (!outside) return undefined;
  const which = options.allow.allowsAddress(outside.address) ? `module "${moduleName}"'s targets do` : '--allow does';
  return refusal(403, 'not-allowed', `target "${host}" resolves to ${outside.address}, which ${which} not allow`);
}
