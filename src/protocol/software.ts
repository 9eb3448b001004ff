export type SoftwareId = 'vsftpd' | 'proftpd' | 'pure-ftpd' | 'iis' | 'filezilla-server' | 'serv-u' | 'unknown';

export interface ServerSoftware {
  id: SoftwareId;
  name: string;
  version?: string;
  /** Which text gave it away. */
  source?: 'banner' | 'syst' | 'feat' | 'reply';
}

interface Signature {
  id: Exclude<SoftwareId, 'unknown'>;
  name: string;
  pattern: RegExp;
}

// Banners and wordings each server uses by default (see the failure-mode catalogue).
const SIGNATURES: Signature[] = [
  { id: 'vsftpd', name: 'vsFTPd', pattern: /vsftpd(?:\s+([\d.]+\w*))?|^500 OOPS:/i },
  { id: 'proftpd', name: 'ProFTPD', pattern: /proftpd(?:\s+([\d.]+\w*))?/i },
  { id: 'pure-ftpd', name: 'Pure-FTPd', pattern: /pure-ftpd|I won't open a connection to/i },
  { id: 'iis', name: 'Microsoft FTP Service', pattern: /microsoft ftp service|^215 Windows_NT/i },
  {
    id: 'filezilla-server',
    name: 'FileZilla Server',
    pattern: /filezilla(?: pro(?: enterprise)?)? server(?: version)?(?:\s+v?([\d.]+\w*))?/i,
  },
  { id: 'serv-u', name: 'Serv-U', pattern: /serv-u(?: ftp server)?(?:\s+v?([\d.]+))?/i },
];

export const UNKNOWN_SOFTWARE: ServerSoftware = { id: 'unknown', name: 'unknown server software' };

/** Identifies server software from one text (a banner, SYST or FEAT reply). */
export function identifySoftware(text: string, source: ServerSoftware['source']): ServerSoftware | undefined {
  for (const line of text.split('\n')) {
    for (const signature of SIGNATURES) {
      const match = signature.pattern.exec(line);
      if (match) {
        const found: ServerSoftware = { id: signature.id, name: signature.name, source };
        if (match[1]) found.version = match[1];
        return found;
      }
    }
  }
  return undefined;
}

/** The first identification among texts in order of trust (banner first). */
export function identifyFromTexts(texts: Array<{ text: string; source: ServerSoftware['source'] }>): ServerSoftware {
  for (const { text, source } of texts) {
    const found = identifySoftware(text, source);
    if (found) return found;
  }
  return UNKNOWN_SOFTWARE;
}
