import { isIP } from 'node:net';
import type net from 'node:net';
import tls from 'node:tls';
import type { ProbeLifetime } from './lifetime.js';
import type { CertificateObservation, TlsHandshakeObservation } from '../record/record.js';
export { certificateVerified } from '../record/derive.js';
import { errorText, outcomeOfError, waitFor } from './wait.js';

export interface TlsOptions {
  /** The name sent as SNI (none for an IP address). */
  servername?: string;
  /** The name or address the certificate must be for. */
  identity?: string;
  session?: Buffer;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
}

export interface Secured {
  socket?: tls.TLSSocket;
  observation: TlsHandshakeObservation;
}

/**
 * Starts TLS as the client on a connected socket. The certificate is not
 * rejected here: it is recorded, and the diagnosis decides. No online
 * revocation or chain fetching: only Node's own CA store is consulted.
 */
export async function startTls(
  socket: net.Socket,
  lifetime: ProbeLifetime,
  timeoutMs: number,
  options: TlsOptions,
): Promise<Secured> {
  const started = lifetime.elapsed();
  const ms = (): number => Math.round(lifetime.elapsed() - started);
  const secure = tls.connect({
    socket,
    rejectUnauthorized: false,
    ...(options.servername ? { servername: options.servername } : {}),
    ...(options.session ? { session: options.session } : {}),
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  lifetime.adopt(secure, false);
  const result = await waitFor<{ error?: NodeJS.ErrnoException }>(lifetime, timeoutMs, (settle) => {
    const onSecure = (): void => settle({});
    const onError = (error: NodeJS.ErrnoException): void => settle({ error });
    const onClose = (): void =>
      settle({ error: Object.assign(new Error('connection closed during the TLS handshake'), { code: 'ECONNRESET' }) });
    secure.once('secureConnect', onSecure);
    secure.once('error', onError);
    secure.once('close', onClose);
    return () => {
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
    };
  });
  secure.on('error', () => undefined);
  if (!result.done || result.value.error) {
    secure.destroy();
    const error = result.done ? result.value.error : undefined;
    return {
      observation: {
        outcome: result.done ? (outcomeOfError(error) === 'error' ? 'error' : outcomeOfError(error)) : result.why,
        ms: ms(),
        ...(error ? { error: errorText(error) } : {}),
      },
    };
  }
  return { socket: secure, observation: describeSecured(secure, ms(), options.identity ?? options.servername) };
}

function describeSecured(secure: tls.TLSSocket, ms: number, servername: string | undefined): TlsHandshakeObservation {
  const certificate = secure.getPeerCertificate(true);
  const observation: TlsHandshakeObservation = {
    outcome: 'ok',
    ms,
    protocol: secure.getProtocol() ?? undefined,
    cipher: secure.getCipher()?.name,
    resumed: secure.isSessionReused(),
    authorized: secure.authorized,
    ...(secure.authorizationError ? { authorizationError: String(secure.authorizationError) } : {}),
  };
  if (certificate && Object.keys(certificate).length > 0)
    observation.certificate = describeCertificate(certificate, servername);
  return observation;
}

function describeCertificate(
  certificate: tls.DetailedPeerCertificate,
  servername: string | undefined,
): CertificateObservation {
  const name = (entry: tls.Certificate | undefined): string =>
    entry
      ? Object.entries(entry)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(', ')
      : '';
  const selfSigned =
    certificate.issuerCertificate === certificate || name(certificate.subject) === name(certificate.issuer);
  const observation: CertificateObservation = {
    subject: name(certificate.subject),
    issuer: name(certificate.issuer),
    validFrom: new Date(certificate.valid_from).toISOString(),
    validTo: new Date(certificate.valid_to).toISOString(),
    selfSigned,
    fingerprint256: certificate.fingerprint256,
  };
  if (certificate.subjectaltname) observation.altNames = certificate.subjectaltname;
  if (servername) {
    const mismatch = tls.checkServerIdentity(servername, certificate);
    observation.hostnameMatches = mismatch === undefined;
    observation.checkedName = servername;
  }
  return observation;
}

export function tlsOptionsFor(host: string, version: 'TLSv1.2' | 'TLSv1.3' | undefined, session?: Buffer): TlsOptions {
  return {
    ...(isIP(host) === 0 ? { servername: host } : {}),
    identity: host,
    ...(version ? { minVersion: version, maxVersion: version } : {}),
    ...(session ? { session } : {}),
  };
}
