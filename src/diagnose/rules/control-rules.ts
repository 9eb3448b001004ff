import { connectionLimitHit } from '../../record/derive.js';
import type { LoginObservation, ProbeRecord } from '../../record/record.js';
import { isCompletion, replyClass, replyText, type Reply } from '../../protocol/reply.js';
import { PHRASES } from '../words/rule-phrases.js';
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
  if (last && !isCompletion(last.code)) {
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

/** Replies that answered no command (see ControlChannel): the first such place is named. */
export function surplusReplyRules(record: ProbeRecord): Finding[] {
  const first = record.control.surplus?.[0];
  if (!first) return [];
  const count = first.count;
  return [
    finding(
      'SERVER_SURPLUS_REPLIES',
      {
        count: String(count),
        replyWord: count === 1 ? PHRASES.replyWord.one : PHRASES.replyWord.many,
        after: first.after || PHRASES.afterGreeting,
        before: first.before,
        first: first.first,
      },
      [first.first],
    ),
  ];
}

/** C0 controls and DEL; a tab is allowed in text. */
const CONTROL_CHARACTER = /[\x00-\x08\x0a-\x1f\x7f]/;

/** A reply that current clients refuse: control characters, or a PWD reply whose path is not quoted as RFC 959 says. */
export function malformedReplyRules(record: ProbeRecord): Finding[] {
  const asked: Array<{ command: string; reply: Reply | undefined }> = [
    ...(record.control.greeting?.replies ?? []).map((reply) => ({ command: PHRASES.stepGreeting, reply })),
    ...(record.control.login?.steps ?? []).map((step) => ({ command: verbOf(step.command), reply: step.reply })),
    ...record.control.info.map((step) => ({ command: verbOf(step.command), reply: step.reply })),
    ...record.modes.flatMap((mode) => [
      { command: verbOf(mode.command?.command ?? ''), reply: mode.command?.reply },
      ...mode.listReplies.map((reply) => ({ command: 'LIST', reply })),
    ]),
  ];
  for (const { command, reply } of asked) {
    if (!reply) continue;
    const problem = replyProblem(command, reply);
    if (problem)
      return [finding('SERVER_REPLY_MALFORMED', { command, reply: quoted(reply), problem }, evidenceOf(reply))];
  }
  return [];
}

function replyProblem(command: string, reply: Reply): string | undefined {
  const text = replyText(reply);
  if (text.includes('\0')) return PHRASES.replyProblems.nul;
  if (reply.lines.some((line) => CONTROL_CHARACTER.test(line))) return PHRASES.replyProblems.control;
  if (command === 'PWD' && reply.code === 257) {
    const path = quotedPath(reply.lines[0] ?? '');
    if (path === undefined) return PHRASES.replyProblems.pwdUnquoted;
  }
  return undefined;
}

/** The directory in a 257 reply: between double quotes, a quote inside doubled (RFC 959 appendix II). */
export function quotedPath(line: string): string | undefined {
  const open = line.indexOf('"');
  if (open < 0) return undefined;
  let path = '';
  for (let i = open + 1; i < line.length; i += 1) {
    const char = line[i];
    if (char !== '"') {
      path += char;
      continue;
    }
    if (line[i + 1] !== '"') return path;
    path += '"';
    i += 1;
  }
  return undefined;
}

function verbOf(command: string): string {
  return (command.split(' ')[0] ?? command).toUpperCase();
}

/** 1yz or 3yz to a command that is either done or refused (PASV, EPSV, PORT, EPRT). */
export function unexpectedClassOf(reply: Reply): string | undefined {
  const cls = replyClass(reply.code);
  return cls === 'preliminary' || cls === 'intermediate' ? PHRASES.replyClasses[cls] : undefined;
}
