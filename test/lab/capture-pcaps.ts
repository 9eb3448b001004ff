/**
 * Regenerates the packet captures in fixtures/captures/: a real client (curl)
 * in the lab's client namespace, tcpdump in the client's and the server's
 * namespaces at once, for the scenarios a capture teaches something about.
 * Cooked captures (`-i any`, SLL and SLL2) and Ethernet ones (the server's
 * LAN interface); pcapng copies are made with editcap when it is installed.
 * Run by hand as root (npm run lab:capture-pcaps); never in CI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.js';
import { Lab, removeAllLabNamespaces } from './lab.js';
import { LAB_SCENARIOS } from './scenarios.js';

interface CaptureCase {
  name: string;
  scenario: number;
  command: string;
  client: { interfaceName?: string; linkType?: string };
  server: { interfaceName?: string; linkType?: string };
  pcapng?: boolean;
}

const CURL = 'curl -sS --connect-timeout 4 --max-time 10 --disable-epsv';
export const CAPTURE_CASES: CaptureCase[] = [
  {
    name: 'healthy',
    scenario: 1,
    command: `${CURL} ftp://SERVER/`,
    client: {},
    server: { linkType: 'LINUX_SLL2' },
    pcapng: true,
  },
  {
    name: 'client-nat-alg-active',
    scenario: 4,
    command: `${CURL} -P - --disable-eprt ftp://SERVER/`,
    client: {},
    server: { interfaceName: 'lan0' },
  },
  { name: 'server-nat-private-227', scenario: 5, command: `${CURL} ftp://SERVER/`, client: {}, server: {} },
  {
    name: 'server-nat-passive-dropped',
    scenario: 6,
    command: `${CURL} ftp://SERVER/`,
    client: {},
    server: {},
    pcapng: true,
  },
  { name: 'server-nat-passive-rejected', scenario: 7, command: `${CURL} ftp://SERVER/`, client: {}, server: {} },
  { name: 'server-nat-alg', scenario: 8, command: `${CURL} ftp://SERVER/`, client: {}, server: {} },
  { name: 'ftps-behind-nat-alg', scenario: 15, command: `${CURL} --ssl-reqd -k ftp://SERVER/`, client: {}, server: {} },
  {
    name: 'ipv6-epsv-dropped',
    scenario: 19,
    command: 'curl -sS -6 --connect-timeout 4 --max-time 10 ftp://SERVER/',
    client: {},
    server: {},
  },
];

const out = path.join(REPO_ROOT, 'fixtures', 'captures');
fs.mkdirSync(out, { recursive: true });
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/proxy/i.test(key)));
const editcap = spawnSync('editcap', ['-h'], { encoding: 'utf8' }).status === 0;
const only = process.env.FTP_DOCTOR_CAPTURE;
for (const capture of CAPTURE_CASES) {
  if (only !== undefined && only !== capture.name) continue;
  const scenario = LAB_SCENARIOS.find((s) => s.id === capture.scenario);
  if (!scenario) throw new Error(`no scenario ${capture.scenario}`);
  removeAllLabNamespaces();
  const lab = new Lab(scenario);
  try {
    await lab.setup();
    const files = { client: path.join(lab.dir, 'client.pcap'), server: path.join(lab.dir, 'server.pcap') };
    const client = await lab.startCapture('client', files.client, capture.client);
    const server = await lab.startCapture('server', files.server, capture.server);
    const target = scenario.ipv6 ? lab.probeTarget : lab.serverPublicAddress;
    const command = capture.command.replaceAll('SERVER', target);
    const run = await lab.runInClient(['bash', '-c', `${command} 2>&1`], env);
    // Let the last FIN and ACK reach both captures.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all([client.stop(), server.stop()]);
    for (const side of ['client', 'server'] as const) {
      const file = path.join(out, `${capture.name}-${side}.pcap`);
      fs.copyFileSync(files[side], file);
      if (capture.pcapng && editcap) spawnSync('editcap', ['-F', 'pcapng', file, file.replace(/\.pcap$/, '.pcapng')]);
    }
    fs.writeFileSync(
      path.join(out, `${capture.name}.txt`),
      `Lab scenario ${scenario.id} (${scenario.name}): ${scenario.description}.\n$ ${command}\n(exit ${run.code})\n${run.stdout}`,
    );
    console.log(`wrote fixtures/captures/${capture.name}-{client,server}.pcap`);
  } finally {
    lab.teardown();
  }
}
removeAllLabNamespaces();
