import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';

const fixture = (name: string): string => path.join(REPO_ROOT, 'fixtures', 'deploy', name);

interface Audit {
  verdict: { verdict: string };
  findings: Array<{ code: string; severity: string; fix: string; location?: { file: string; line?: number } }>;
  exitCode: number;
}

async function audit(
  kind: 'compose' | 'kubernetes',
  name: string,
  ...more: string[]
): Promise<{ code: number; document: Audit; stderr: string }> {
  const run = await runCli(['audit', `--${kind}`, fixture(name), '--json', ...more]);
  return {
    code: run.code,
    document: run.stdout ? (JSON.parse(run.stdout) as Audit) : ({} as Audit),
    stderr: run.stderr,
  };
}

const at = (document: Audit): string[] =>
  document.findings.map((f) => `${f.code}${f.location?.line !== undefined ? `:${f.location.line}` : ''}`).sort();

/** Each fixture (its header cites the image's documentation or the public issue it reproduces), with what it must give, line by line. */
const EXPECTED: Array<{ kind: 'compose' | 'kubernetes'; name: string; codes: string[]; verdict: string }> = [
  {
    kind: 'compose',
    name: 'compose/pure-ftpd-defaults.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_PLACEHOLDER:5', 'CONTAINER_PASSIVE_NOT_PUBLISHED:5'],
    verdict: 'degraded',
  },
  {
    kind: 'compose',
    name: 'compose/vsftpd-remapped.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_UNSET:4', 'CONTAINER_PASSIVE_PORT_CHANGED:8'],
    verdict: 'degraded',
  },
  {
    kind: 'compose',
    name: 'compose/alpine-private-address.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_PRIVATE:12', 'CONTAINER_PASSIVE_NOT_PUBLISHED:13'],
    verdict: 'degraded',
  },
  {
    kind: 'kubernetes',
    name: 'kubernetes/replicas-nodeport.yaml',
    codes: [
      'CONTAINER_EXTERNAL_ADDRESS_PRIVATE:20',
      'CONTAINER_PASSIVE_PORT_CHANGED:38',
      'K8S_REPLICAS_WITHOUT_AFFINITY:29',
      'K8S_SOURCE_NAT_REFUSED:29',
    ],
    verdict: 'degraded',
  },
  {
    kind: 'compose',
    name: 'compose/vsftpd-mounted-config.yml',
    codes: [
      'CONTAINER_EXTERNAL_ADDRESS_PRIVATE:6',
      'CONTAINER_PASSIVE_RANGE_UNSET:5',
      'CONTAINER_TLS_FILE_NOT_MOUNTED:8',
    ],
    verdict: 'degraded',
  },
  // The mounted file's range wins over MIN_PORT and MAX_PORT: the finding is at the file's line.
  {
    kind: 'compose',
    name: 'compose/delfer-file-wins.yml',
    codes: ['CONTAINER_PASSIVE_NOT_PUBLISHED:4'],
    verdict: 'degraded',
  },
  {
    kind: 'compose',
    name: 'compose/fauria-read-only.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_UNSET:5'],
    verdict: 'degraded',
  },
  // Debian's one-file-per-option folder, mounted: the finding is at the option's own file.
  {
    kind: 'compose',
    name: 'compose/pure-ftpd-conf-folder.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_PRIVATE:1'],
    verdict: 'degraded',
  },
  {
    kind: 'compose',
    name: 'compose/pure-ftpd-command.yml',
    codes: ['CONTAINER_PASSIVE_NOT_PUBLISHED:6'],
    verdict: 'degraded',
  },
  {
    kind: 'kubernetes',
    name: 'kubernetes/proftpd-aws-tls.yaml',
    codes: [
      'K8S_AFFINITY_WITHOUT_CLIENT_ADDRESS:55',
      'K8S_LOAD_BALANCER_IDLE_TIMEOUT:46',
      'K8S_LOAD_BALANCER_TERMINATES_TLS:52',
      'K8S_SOURCE_NAT_REFUSED:46',
    ],
    verdict: 'degraded',
  },
  {
    kind: 'kubernetes',
    name: 'kubernetes/vsftpd-implicit-not-exposed.yaml',
    codes: ['CONTAINER_TLS_FILE_NOT_MOUNTED:16', 'K8S_CONTROL_NOT_EXPOSED:18'],
    verdict: 'failed',
  },
  {
    kind: 'compose',
    name: 'compose/fauria-control-not-published.yml',
    codes: ['CONTAINER_CONTROL_NOT_PUBLISHED:4', 'CONTAINER_EXTERNAL_ADDRESS_IS_NAME:9'],
    verdict: 'failed',
  },
  {
    kind: 'kubernetes',
    name: 'kubernetes/passive-not-exposed.yaml',
    codes: ['K8S_LOAD_BALANCER_IDLE_UNKNOWN:34', 'K8S_PASSIVE_NOT_EXPOSED:10'],
    verdict: 'degraded',
  },
  // The README's before and after.
  {
    kind: 'kubernetes',
    name: 'kubernetes/readme-before.yaml',
    codes: ['K8S_CONTROL_NOT_EXPOSED:20', 'K8S_REPLICAS_WITHOUT_AFFINITY:42', 'K8S_SOURCE_NAT_REFUSED:42'],
    verdict: 'failed',
  },
  { kind: 'kubernetes', name: 'kubernetes/readme-after.yaml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  // PUBLICHOST=localhost: a name, but one that is loopback wherever it is resolved.
  {
    kind: 'compose',
    name: 'compose/pure-ftpd-publichost-localhost.yml',
    codes: ['CONTAINER_EXTERNAL_ADDRESS_PRIVATE:10'],
    verdict: 'degraded',
  },
  // Good configurations: nothing that makes clients hang.
  { kind: 'compose', name: 'compose/pure-ftpd-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/vsftpd-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/host-network-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'kubernetes', name: 'kubernetes/good.yaml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/vsftpd-mounted-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/pure-ftpd-tls-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/delfer-tls-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'compose', name: 'compose/fauria-config-good.yml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'kubernetes', name: 'kubernetes/vsftpd-implicit-good.yaml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  { kind: 'kubernetes', name: 'kubernetes/pure-ftpd-args-good.yaml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  // A ConfigMap mounted as a folder, its proftpd.conf including a second key.
  { kind: 'kubernetes', name: 'kubernetes/proftpd-good.yaml', codes: ['CONTAINER_CONFIG_OK'], verdict: 'ok' },
  // A file mounted from outside the repository (the deploying host's): not read, and said so.
  { kind: 'compose', name: 'compose/outside-repository.yml', codes: [], verdict: 'inconclusive' },
  // A value left to .env: not checked, and said so; never an invented finding.
  { kind: 'compose', name: 'compose/variables.yml', codes: [], verdict: 'inconclusive' },
];

describe('audit of compose files and Kubernetes manifests', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ strict: true, strictRequired: false }).compile(schema);
  for (const expected of EXPECTED)
    it(`${expected.name}: ${expected.codes.join(', ') || 'not checked'}`, async () => {
      const { code, document } = await audit(expected.kind, expected.name);
      assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 3)));
      assert.deepEqual(at(document), expected.codes);
      assert.equal(document.verdict.verdict, expected.verdict);
      assert.equal(code, document.exitCode);
      for (const f of document.findings.filter((each) => each.code !== 'CONTAINER_CONFIG_OK'))
        assert.ok(
          f.location?.file.endsWith(expected.name) || f.location?.file.includes('/config/'),
          `${f.code} names its file`,
        );
    });
  it('fixes name the lines to write in that file', async () => {
    const { document } = await audit('compose', 'compose/vsftpd-remapped.yml');
    const changed = document.findings.find((f) => f.code === 'CONTAINER_PASSIVE_PORT_CHANGED');
    assert.match(changed?.fix ?? '', /- "21100-21110:21100-21110"/);
    const unset = document.findings.find((f) => f.code === 'CONTAINER_EXTERNAL_ADDRESS_UNSET');
    assert.match(unset?.fix ?? '', /PASV_ADDRESS: "<public address>"/);
  });
  it("a mounted configuration file is read with the server's own reader: findings and fixes name its lines", async () => {
    const { document } = await audit('compose', 'compose/vsftpd-mounted-config.yml');
    const unset = document.findings.find((f) => f.code === 'CONTAINER_PASSIVE_RANGE_UNSET');
    assert.match(unset?.fix ?? '', /`pasv_min_port=<low port>` and `pasv_max_port=<high port>`/);
    const address = document.findings.find((f) => f.code === 'CONTAINER_EXTERNAL_ADDRESS_PRIVATE');
    assert.match(address?.location?.file ?? '', /config\/vsftpd-no-range\.conf$/);
    assert.match(address?.fix ?? '', /vsftpd-no-range\.conf: `pasv_address=<public address>`/);
    const wins = await audit('compose', 'compose/delfer-file-wins.yml');
    assert.match(wins.document.findings[0]?.location?.file ?? '', /config\/vsftpd-other-range\.conf$/);
    // The command's -p is the range, and its fix is the flag.
    const command = await audit('compose', 'compose/pure-ftpd-command.yml');
    assert.match(JSON.stringify(command.document.findings), /30010-30059/);
  });
  it('never reads a mounted file outside the repository, through a path or a link; an unreadable env_file is not checked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-mounts-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'vsftpd.conf'), 'listen=YES\npasv_address=10.9.9.9\n');
      fs.symlinkSync(path.join(outside, 'vsftpd.conf'), path.join(dir, 'linked.conf'));
      const compose = (volume: string, more = '') =>
        `services:\n  ftp:\n    image: vsftpd\n    ports: ["21:21"]\n    volumes:\n      - ${volume}:/etc/vsftpd.conf\n${more}`;
      for (const [name, volume] of [
        ['link.yml', './linked.conf'],
        ['climb.yml', `../${path.basename(outside)}/vsftpd.conf`],
      ] as const) {
        fs.writeFileSync(path.join(dir, name), compose(volume));
        const run = await runCli(['audit', '--compose', path.join(dir, name), '--json']);
        const document = JSON.parse(run.stdout) as Audit & { notChecked: Array<{ why: string }> };
        assert.equal(document.verdict.verdict, 'inconclusive', name);
        assert.match(document.notChecked[0]?.why ?? '', /outside the repository/, name);
        assert.doesNotMatch(run.stdout, /10\.9\.9\.9/, name);
      }
      fs.writeFileSync(
        path.join(dir, 'env.yml'),
        'services:\n  ftp:\n    image: stilliard/pure-ftpd\n    env_file: ./missing.env\n    ports: ["21:21", "30000-30009:30000-30009"]\n',
      );
      const env = await runCli(['audit', '--compose', path.join(dir, 'env.yml'), '--json']);
      assert.equal((JSON.parse(env.stdout) as Audit).verdict.verdict, 'inconclusive');
      // A folder (or a FIFO) where a file is mounted: not checked, never a crash.
      fs.mkdirSync(path.join(dir, 'folder.conf'));
      fs.writeFileSync(path.join(dir, 'folder.yml'), compose('./folder.conf'));
      const folder = await runCli(['audit', '--compose', path.join(dir, 'folder.yml'), '--json']);
      assert.equal(folder.code, 4, folder.stderr);
      assert.match(folder.stdout, /cannot be read \(.*directory/);
      // A command that replaces the image's start is not checked, and the report names its program, never its arguments.
      fs.writeFileSync(
        path.join(dir, 'command.yml'),
        'services:\n  ftp:\n    image: fauria/vsftpd\n    ports: ["21:21"]\n    command: sh -c "echo deploy:s3cret | chpasswd && vsftpd $$EXTRA"\n',
      );
      for (const format of ['text', 'json', 'markdown', 'github', 'junit', 'html', 'nagios']) {
        const replaced = await runCli(['audit', '--compose', path.join(dir, 'command.yml'), '--format', format]);
        assert.doesNotMatch(replaced.stdout + replaced.stderr, /s3cret/, format);
        if (format === 'json') {
          assert.equal(replaced.code, 4);
          assert.match(replaced.stdout, /its command \(sh\) replaces the image's start script/);
        }
      }
      // A mistake in a mounted file: one line naming the repository file and its line.
      fs.writeFileSync(path.join(dir, 'bad.conf'), 'listen=maybe\n');
      fs.writeFileSync(path.join(dir, 'bad.yml'), compose('./bad.conf'));
      const bad = await runCli(['audit', '--compose', path.join(dir, 'bad.yml')]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /bad\.conf:1: listen takes YES or NO, not "maybe"/);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
  it('never reads a file outside the repository from inside a mounted folder: a link in it, a link to a folder, a chain; in audit and check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-inside-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'passwd'), 'root:x:0:0:OUTSIDE-FIRST-LINE\n');
      fs.mkdirSync(path.join(outside, 'conf'));
      fs.writeFileSync(path.join(outside, 'conf', 'PassivePortRange'), '40000 OUTSIDE-RANGE\n');
      const vsftpd = (folder: string) =>
        `services:\n  ftp:\n    image: fauria/vsftpd\n    ports: ["21:21", "21100-21110:21100-21110"]\n    volumes:\n      - ./${folder}:/etc/vsftpd:ro\n`;
      // A link in the mounted folder, and a chain of links that ends outside.
      fs.mkdirSync(path.join(dir, 'direct'));
      fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'direct', 'vsftpd.conf'));
      fs.mkdirSync(path.join(dir, 'chain'));
      fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'hop'));
      fs.symlinkSync('../hop', path.join(dir, 'chain', 'vsftpd.conf'));
      // A folder inside the mounted one that is a link to a folder outside.
      fs.mkdirSync(path.join(dir, 'pure'));
      fs.symlinkSync(path.join(outside, 'conf'), path.join(dir, 'pure', 'conf'));
      fs.writeFileSync(
        path.join(dir, 'pure.yml'),
        'services:\n  ftp:\n    image: pure-ftpd\n    ports: ["21:21", "30000-30009:30000-30009"]\n    volumes:\n      - ./pure:/etc/pure-ftpd:ro\n',
      );
      fs.writeFileSync(path.join(dir, 'direct.yml'), vsftpd('direct'));
      fs.writeFileSync(path.join(dir, 'chain.yml'), vsftpd('chain'));
      for (const name of ['direct.yml', 'chain.yml', 'pure.yml'])
        for (const command of [['audit', '--compose'], ['check']]) {
          const file = path.join(dir, name);
          const run = await runCli([...command, file, '--json'], { files: { [file]: fs.readFileSync(file, 'utf8') } });
          assert.doesNotMatch(run.stdout + run.stderr, /OUTSIDE/, `${command[0]} ${name}`);
          assert.equal(run.code, 4, `${command[0]} ${name}: ${run.stderr}`);
          assert.match(run.stdout, /leads outside the repository/, `${command[0]} ${name}`);
        }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
  it('bounded: port ranges that add up past every port, and Services that multiply them, are one error line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-bounds-'));
    try {
      const lines = Array.from({ length: 300 }, () => '      - "1-65535:1-65535"').join('\n');
      fs.writeFileSync(
        path.join(dir, 'ports.yml'),
        `services:\n  ftp:\n    image: fauria/vsftpd\n    ports:\n${lines}\n`,
      );
      const ports = await runCli(['audit', '--compose', path.join(dir, 'ports.yml')]);
      assert.equal(ports.code, 2);
      assert.match(ports.stderr, /ports\.yml:6: publishes more than 65536 ports in all/);
      // Each service within its own cap, a hundred of them past the file's: refused, and in bounded memory (ranges are not expanded).
      const services = Array.from(
        { length: 100 },
        (_, i) => `  ftp${i}:\n    image: fauria/vsftpd\n    ports: ["1-65535:1-65535"]`,
      ).join('\n');
      fs.writeFileSync(path.join(dir, 'services.yml'), `services:\n${services}\n`);
      const many = await runCli(['audit', '--compose', path.join(dir, 'services.yml')]);
      assert.equal(many.code, 2);
      assert.match(many.stderr, /services\.yml:\d+: its services publish more than 1048576 ports in all/);
      const service = `apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  type: NodePort\n  selector: { app: ftp }\n  ports:\n${Array.from(
        { length: 40000 },
        (_, i) => `    - { port: ${(i % 65535) + 1} }`,
      ).join('\n')}\n`;
      const workloads = Array.from(
        { length: 30 },
        (_, i) =>
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, labels: { app: ftp } }\nspec:\n  containers: [{ name: c, image: fauria/vsftpd }]\n`,
      ).join('---\n');
      fs.writeFileSync(path.join(dir, 'k.yaml'), `${service}---\n${workloads}`);
      const multiplied = await runCli(['audit', '--kubernetes', path.join(dir, 'k.yaml')]);
      assert.equal(multiplied.code, 2);
      assert.match(multiplied.stderr, /its Services list more than 1048576 ports in all/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('GitHub annotations point at the line', async () => {
    const run = await runCli(['audit', '--compose', fixture('compose/pure-ftpd-defaults.yml'), '--format', 'github']);
    assert.match(
      run.stdout,
      /^::error file=[^,]*pure-ftpd-defaults\.yml,line=5,title=CONTAINER_PASSIVE_NOT_PUBLISHED/m,
    );
  });
  it('bad input is one line naming the file and the line: not YAML, an unknown service, no known image', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-compose-'));
    const write = (name: string, text: string): string => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    try {
      const broken = await runCli(['audit', '--compose', write('c.yml', 'services:\n  ftp:\n    image: [unclosed\n')]);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^ftp-doctor: \S*c\.yml:\d+: is not valid YAML/);
      assert.equal(broken.stderr.trim().split('\n').length, 1);
      const none = await runCli(['audit', '--compose', write('n.yml', 'services:\n  web:\n    image: nginx\n')]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no service runs an FTP server image audit knows/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const unknown = await audit('compose', 'compose/vsftpd-good.yml', '--service', 'web');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /has no service "web"; its services: ftp/);
  });
});
