import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export const VSFTPD_SCRIPT = path.join(REPO_ROOT, 'test', 'vsftpd', 'run-vsftpd.sh');

/** Why real vsftpd cannot run here, or undefined when it can. */
export function vsftpdUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'vsftpd needs root to start';
  if (spawnSync('sh', ['-c', 'command -v vsftpd || test -x /usr/sbin/vsftpd'], { stdio: 'ignore' }).status !== 0)
    return 'vsftpd is not installed (apt-get install vsftpd)';
  return undefined;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(host: string, port: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

export interface RunningVsftpd {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Starts vsftpd on loopback with the project's config; stop() ends it and removes its files. */
export async function startVsftpd(args: string[] = []): Promise<RunningVsftpd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-vsftpd-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'bash',
    [VSFTPD_SCRIPT, '--dir', dir, '--listen', '127.0.0.1', '--port', String(port), ...args],
    { stdio: 'ignore', detached: true },
  );
  const stop = async (): Promise<void> => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort('127.0.0.1', port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, dir, stop };
}
