/** Reads the live system for an audit: listening sockets, processes, the host's addresses and its firewall. Read only. */
import { confinedPath, readBoundedFile, readConfinedFile } from '../../io/files.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import ipaddr from 'ipaddr.js';
import type { AuditSoftware } from '../../record/audit-record.js';
import type { ConfigReader } from './config/config-errors.js';
import { kindOfProcess } from './kinds.js';

export interface ListeningSocket {
  address: string;
  port: number;
  inode: string;
}

export interface ServerProcess {
  software: AuditSoftware;
  pid: number;
  executable: string;
  args: string[];
  listening: Array<{ address: string; port: number }>;
}

export const fileReader: ConfigReader = {
  read: (path) => readBoundedFile(path),
  list: (path) => fs.readdirSync(path),
  isDirectory: (path) => {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  realPath: (path) => fs.realpathSync(path),
  within: (root) => confinedReader(root),
};

/** Files read on behalf of a repository: each one's real path must be inside it. */
function confinedReader(root: string): ConfigReader {
  return {
    read: (path) => readConfinedFile(path, root),
    list: (path) => fs.readdirSync(confinedPath(path, root)),
    isDirectory: (path) => {
      try {
        return fs.statSync(confinedPath(path, root)).isDirectory();
      } catch {
        return false;
      }
    },
    realPath: (path) => confinedPath(path, root),
    within: (inner) => confinedReader(inner),
  };
}

/** LISTEN sockets from /proc/net/tcp and tcp6: addresses in the kernel's hex, little-endian per 32-bit word. */
export function listeningSockets(procNet = '/proc/net'): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const [file, v6] of [
    ['tcp', false],
    ['tcp6', true],
  ] as const) {
    let text: string;
    try {
      text = fs.readFileSync(`${procNet}/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue;
      const [hexAddress = '', hexPort = '0'] = (fields[1] ?? '').split(':');
      sockets.push({
        address: v6 ? ipv6FromHex(hexAddress) : ipv4FromHex(hexAddress),
        port: parseInt(hexPort, 16),
        inode: fields[9] ?? '',
      });
    }
  }
  return sockets;
}

export function ipv4FromHex(hex: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

export function ipv6FromHex(hex: string): string {
  const words = [0, 8, 16, 24].map((i) => (hex.slice(i, i + 8).match(/../g) ?? []).reverse().join(''));
  const groups = words.flatMap((word) => [word.slice(0, 4), word.slice(4)]);
  return ipaddr.parse(groups.join(':')).toString();
}

/** FTP server processes that own a listening socket (needs root to see other users' processes). */
export function findServers(): ServerProcess[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    // No /proc (Windows, macOS): no running server can be found this way; the report says so.
    return [];
  }
  const sockets = listeningSockets();
  const byInode = new Map(sockets.map((socket) => [socket.inode, socket]));
  const servers = new Map<number, ServerProcess>();
  for (const pidText of entries.filter((entry) => /^\d+$/.test(entry))) {
    const pid = Number(pidText);
    let executable: string;
    let args: string[];
    try {
      executable = fs.readlinkSync(`/proc/${pid}/exe`);
      args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    const software = kindOfProcess(executable, args[0] ?? '');
    if (!software) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      const socket = inode ? byInode.get(inode) : undefined;
      if (!socket) continue;
      const server = servers.get(pid) ?? { software, pid, executable, args: args.slice(1), listening: [] };
      server.listening.push({ address: socket.address, port: socket.port });
      servers.set(pid, server);
    }
  }
  return [...servers.values()];
}

export function hostAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''));
}

export function ephemeralRange(): { low: number; high: number } | undefined {
  try {
    const [low, high] = fs
      .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low && high ? { low, high } : undefined;
  } catch {
    return undefined;
  }
}

/** The conntrack FTP helper is loaded, or built in: /sys/module shows both (lsmod only the first). */
export function ftpHelperLoaded(): boolean {
  return fs.existsSync('/sys/module/nf_conntrack_ftp');
}

/** What a read-only tool gave: its output, or its first error line, and whether it is not installed at all. */
export interface ToolRun {
  output?: string;
  error?: string;
  missing?: boolean;
}

/** Runs a read-only tool (iptables-save, nft -j list ruleset) with a deadline; no output when it is missing or refuses. */
export function runTool(command: string, args: string[], timeoutMs = 5000): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT')
        resolve({ error: `${command} is not installed`, missing: true });
      else if (error) resolve({ error: (stderr || error.message).trim().split('\n')[0] ?? 'failed' });
      else resolve({ output: stdout });
    });
  });
}
