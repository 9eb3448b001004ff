import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 of the DER certificate, as clients pin it (AA:BB:...). */
  fingerprint: string;
  origin: 'given' | 'self-signed';
}

const OPENSSL_TIMEOUT_MS = 15_000;

/**
 * A self-signed certificate for this run, made by the openssl command (Node
 * cannot write X.509 certificates itself). Clients pin its fingerprint, so
 * no name in it matters; the key never leaves memory once read.
 */
export async function selfSignedCertificate(): Promise<Certificate> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-reflector-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await new Promise<void>((resolve, reject) => {
      execFile(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '30',
          '-subj',
          '/CN=ftp-doctor reflector',
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { timeout: OPENSSL_TIMEOUT_MS },
        (error, _stdout, stderr) =>
          error
            ? reject(
                new Error(
                  (error as NodeJS.ErrnoException).code === 'ENOENT'
                    ? 'the openssl command is not installed'
                    : stderr.trim().split('\n')[0] || error.message,
                ),
              )
            : resolve(),
      );
    });
    return certificateFrom(fs.readFileSync(keyFile, 'utf8'), fs.readFileSync(certFile, 'utf8'), 'self-signed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A certificate and key given as PEM text; throws with a readable message when the certificate is not one. */
export function certificateFrom(key: string, cert: string, origin: Certificate['origin']): Certificate {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new Error('not a PEM certificate');
  }
  if (!parsed.checkPrivateKey(privateKeyOf(key))) throw new Error('the key does not belong to the certificate');
  return { key, cert, fingerprint: parsed.fingerprint256, origin };
}

function privateKeyOf(key: string): KeyObject {
  try {
    return createPrivateKey(key);
  } catch {
    throw new Error('not a PEM private key');
  }
}
