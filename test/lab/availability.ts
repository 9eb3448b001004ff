import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ALL_LAB_RANGES, ALL_LAB_RANGES6 } from './topology.js';

function has(command: string): boolean {
  return (
    spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`], { stdio: 'ignore' }).status === 0
  );
}

/** Whether this machine can run the lab: root, network namespaces, vsftpd and iptables. */
export function labAvailability(): { ok: true; allow: string[] } | { ok: false; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: 'not running as root (network namespaces need it)' };
  if (!has('ip')) return { ok: false, why: 'iproute2 is not installed (apt-get install iproute2)' };
  if (!has('iptables')) return { ok: false, why: 'iptables is not installed (apt-get install iptables)' };
  if (!has('vsftpd') && !fs.existsSync('/usr/sbin/vsftpd'))
    return { ok: false, why: 'vsftpd is not installed (apt-get install vsftpd)' };
  const name = `fdlab-check-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, why: `cannot create a network namespace: ${(add.stderr || '').trim()}` };
  spawnSync('ip', ['netns', 'del', name]);
  if (!has('ip6tables')) return { ok: false, why: 'ip6tables is not installed (apt-get install iptables)' };
  return { ok: true, allow: [...ALL_LAB_RANGES, ...ALL_LAB_RANGES6] };
}
