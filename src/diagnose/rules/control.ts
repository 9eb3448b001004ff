import { connectionLimitHit } from '../../record/derive.js';
import type { LoginObservation, ProbeRecord } from '../../record/record.js';
import { replyText, type Reply } from '../../protocol/reply.js';
import { PHRASES } from '../catalogue.js';
import type { Finding } from '../finding.js';
import { baseParams, type BaseParams, duration, evidenceOf, finding, quoted } from './helpers.js';

export const SLOW_GREETING_MS = 2000;

const TLS_REQUIRED = /\b(TLS|SSL|encrypt|secure)/i;

/** Findings about the control connection: reaching the server, its greeting and the login. */
export function controlRules(record: ProbeRecord): Finding[] {
  const params = baseParams(record);
  const { control } = record;
  if (record.resolution?.error) return [finding('CONTROL_DNS_FAILED', { ...params, error: record.resolution.error })];
  switch (control.connect.outcome) {
    case 'ok':
      break;
    case 'refused':
      return [finding('CONTROL_REFUSED', params)];
    case 'timeout':
      return [finding('CONTROL_TIMEOUT', params)];
    case 'deadline':
    case 'interrupted':
      return [];
    default:
      return [finding('CONTROL_UNREACHABLE', { ...params, error: control.connect.error ?? control.connect.outcome })];
  }
  const greeting = control.greeting;
  if (!greeting) return [];
  if (greeting.outcome === 'not-ftp' || greeting.outcome === 'garbage') {
    const phrase = PHRASES.protocol[greeting.protocol ?? 'unknown'];
    return [
      finding(
        'WRONG_PROTOCOL',
        {
          ...params,
          firstLine: greeting.firstLine ?? '',
          protocolName: phrase.name,
          protocolHint: phrase.hint,
          protocolFix: phrase.fix,
        },
        greeting.firstLine ? [greeting.firstLine] : [],
      ),
    ];
  }
  if (greeting.outcome === 'timeout') {
    const last = greeting.replies.at(-1);
    if (last?.code === 120) return [finding('SERVER_NOT_READY', { ...params, reply: quoted(last) }, evidenceOf(last))];
    return [finding('GREETING_TIMEOUT', { ...params, timeout: duration(record.settings.greetingTimeoutMs) })];
  }
  if (greeting.outcome !== 'ok') {
    if (greeting.outcome === 'deadline' || greeting.outcome === 'interrupted') return [];
    return [finding('CONTROL_LOST', { ...params, step: PHRASES.stepGreeting, how: howEnded(greeting.outcome) })];
  }
  const last = greeting.replies.at(-1);
  if (last && last.code !== 220) {
    if (last.code === 120) return [finding('SERVER_NOT_READY', { ...params, reply: quoted(last) }, evidenceOf(last))];
    return [finding('SERVER_REFUSED_SESSION', { ...params, reply: quoted(last) }, evidenceOf(last))];
  }
  const found: Finding[] = [];
  if (greeting.ms >= SLOW_GREETING_MS)
    found.push(finding('GREETING_SLOW', { ...params, ms: String(greeting.ms) }, evidenceOf(last)));
  if (control.login) found.push(...loginRules(control.login, params));
  return found;
}

function loginRules(login: LoginObservation, params: BaseParams): Finding[] {
  if (login.loggedIn) return [];
  const step = login.steps.at(-1);
  const reply = step?.reply;
  if (!reply) {
    if (step?.outcome === 'deadline' || step?.outcome === 'interrupted') return [];
    return [finding('CONTROL_LOST', { ...params, step: PHRASES.stepLogin, how: howEnded(step?.outcome ?? 'closed') })];
  }
  const values = { ...params, reply: quoted(reply), user: login.user };
  if (isTlsRequired(reply)) return [finding('TLS_REQUIRED_BY_SERVER', values, evidenceOf(reply))];
  if (reply.code === 421 || /^500 OOPS/.test(replyText(reply)))
    return [finding('SERVER_REFUSED_SESSION', values, evidenceOf(reply))];
  const anonymousHint = login.anonymous ? PHRASES.anonymousLogin : PHRASES.namedLogin;
  return [finding('LOGIN_FAILED', { ...values, anonymousHint }, evidenceOf(reply))];
}

/** "530 ... must use encryption", "534 ...", "550 SSL/TLS required" and kin. */
export function isTlsRequired(reply: Reply): boolean {
  if (reply.code === 534) return true;
  return (
    (reply.code === 530 || reply.code === 550 || reply.code === 522 || reply.code === 421) &&
    TLS_REQUIRED.test(replyText(reply))
  );
}

function howEnded(outcome: string): string {
  if (outcome === 'reset') return PHRASES.howReset;
  if (outcome === 'timeout') return PHRASES.howSilent;
  return PHRASES.howClosed;
}

/** Replies anywhere in the record whose last line carried another code. */
export function oddReplyRules(record: ProbeRecord): Finding[] {
  const replies: Reply[] = [
    ...(record.control.greeting?.replies ?? []),
    ...(record.control.login?.steps.map((step) => step.reply) ?? []),
    ...record.control.info.map((step) => step.reply),
    ...record.modes.flatMap((mode) => [mode.command?.reply, ...mode.listReplies]),
  ].filter((reply): reply is Reply => reply !== undefined);
  const odd = replies.find((reply) => reply.endedWithOtherCode);
  if (!odd) return [];
  return [
    finding('MULTILINE_REPLY_ODD_END', { first: odd.lines[0] ?? '', last: odd.lines.at(-1) ?? '' }, [
      odd.lines[0] ?? '',
      odd.lines.at(-1) ?? '',
    ]),
  ];
}

export function connectionLimitRules(record: ProbeRecord): Finding[] {
  if (!connectionLimitHit(record)) return [];
  const refused = record.modes.find((mode) => mode.firstSetup && !mode.firstSetup.ok)?.firstSetup;
  const reply = refused?.greeting?.replies.at(-1) ?? refused?.login?.steps.at(-1)?.reply;
  const text = reply ? quoted(reply) : `connection ${refused?.connect.outcome ?? 'refused'}`;
  return [finding('TOO_MANY_CONNECTIONS', { ...baseParams(record), reply: text }, evidenceOf(reply))];
}
