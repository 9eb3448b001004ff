/**
 * Regenerates the real-client logs in fixtures/logs/: curl, lftp and tnftp run
 * in the lab's client namespace (proxy variables unset, timeouts lowered so a
 * hang takes seconds), and vsftpd's own protocol log of the same sessions.
 * Run by hand as root (npm run lab:capture-logs, needs curl, lftp and tnftp);
 * never in CI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/paths.js';
import { Lab, removeAllLabNamespaces } from './lab.js';
import { LAB_SCENARIOS } from './scenarios.js';

interface Capture {
  file: string;
  scenario: number;
  command: string;
  /** Also keep vsftpd's log of the session under this name. */
  serverLog?: string;
}

const CAPTURES: Capture[] = [
  {
    file: 'curl-private-227.log',
    scenario: 5,
    command: 'curl -sSv --disable-epsv --connect-timeout 3 --max-time 8 ftp://SERVER/',
  },
  {
    file: 'curl-active-refused.log',
    scenario: 2,
    command: 'curl -sSv -P - --disable-eprt --max-time 8 ftp://SERVER/',
    serverLog: 'vsftpd-active-refused.log',
  },
  {
    file: 'curl-passive-dropped.log',
    scenario: 6,
    command: 'curl -sSv --disable-epsv --connect-timeout 3 --max-time 8 ftp://SERVER/',
    serverLog: 'vsftpd-passive-dropped.log',
  },
  {
    file: 'lftp-private-227.log',
    scenario: 5,
    command:
      'lftp -d -c "set net:timeout 3; set net:max-retries 1; set ftp:prefer-epsv no; open ftp://SERVER; ls; quit"',
  },
  {
    file: 'lftp-passive-dropped.log',
    scenario: 6,
    command:
      'lftp -d -c "set net:timeout 3; set net:max-retries 1; set net:reconnect-interval-base 1; set ftp:prefer-epsv no; open ftp://SERVER; ls; quit"',
  },
  {
    file: 'tnftp-healthy.log',
    scenario: 1,
    command: 'printf "user anonymous guest@\\nls\\nquit\\n" | timeout 10 tnftp -n -v -d SERVER',
  },
  {
    file: 'tnftp-active-refused.log',
    scenario: 2,
    command:
      'printf "user anonymous guest@\\npassive off\\nepsv4 off\\nls\\nquit\\n" | timeout 10 tnftp -n -v -d SERVER',
  },
];

const out = path.join(REPO_ROOT, 'fixtures', 'logs');
fs.mkdirSync(out, { recursive: true });
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/proxy/i.test(key)));
for (const capture of CAPTURES) {
  const scenario = LAB_SCENARIOS.find((s) => s.id === capture.scenario);
  if (!scenario) throw new Error(`no scenario ${capture.scenario}`);
  removeAllLabNamespaces();
  const lab = new Lab(scenario);
  try {
    await lab.setup();
    const command = capture.command.replaceAll('SERVER', lab.serverPublicAddress);
    const run = await lab.runInClient(['bash', '-c', `${command} 2>&1`], env);
    const header = [
      `# Captured in the ftp-doctor lab, scenario ${scenario.id} (${scenario.description}).`,
      `# $ ${command.replace(/ftp:\/\/[^/]*@/, 'ftp://')}`,
    ];
    fs.writeFileSync(path.join(out, capture.file), `${header.join('\n')}\n${run.stdout}`);
    console.log(`wrote fixtures/logs/${capture.file}`);
    if (capture.serverLog) {
      const log = fs.readFileSync(path.join(lab.dir, 'vsftpd', 'vsftpd.log'), 'utf8');
      fs.writeFileSync(
        path.join(out, capture.serverLog),
        `# vsftpd's protocol log (log_ftp_protocol=YES) of the same session: lab scenario ${scenario.id}.\n${log}`,
      );
      console.log(`wrote fixtures/logs/${capture.serverLog}`);
    }
  } finally {
    lab.teardown();
  }
}
removeAllLabNamespaces();
