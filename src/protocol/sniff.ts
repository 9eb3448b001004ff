export type WireProtocol = 'ftp' | 'ssh' | 'http' | 'tls' | 'smtp-like' | 'unknown';

/** Guesses what speaks on a port from the first bytes it sent. */
export function sniffProtocol(firstBytes: Buffer): WireProtocol {
  if (firstBytes.length === 0) return 'unknown';
  const first = firstBytes[0];
  if (first === 0x16 || (first === 0x15 && firstBytes[1] === 0x03)) return 'tls';
  const text = firstBytes.subarray(0, 64).toString('latin1');
  if (text.startsWith('SSH-')) return 'ssh';
  if (/^HTTP\/\d/.test(text)) return 'http';
  if (/^\d{3}[ -]/.test(text)) return 'ftp';
  return 'unknown';
}
