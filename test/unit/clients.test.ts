/** The client matrix, per client, against recorded probes of real setups. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_RULES, type Observed } from '../../src/diagnose/clients.js';
import { CATALOGUE } from '../../src/diagnose/findings/catalogue.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { loadFixtures } from '../support/fixtures.js';

const fixtures = new Map([...loadFixtures('probes'), ...loadFixtures('lab')].map((f) => [f.name, f.record]));
const matrix = (name: string): Record<string, string> => {
  const record = fixtures.get(name);
  assert.ok(record, name);
  return Object.fromEntries(
    diagnose(record).clients.map((row) => [row.id, row.outcome + (row.setting ? ` (${row.setting})` : '')]),
  );
};

describe('which clients work', () => {
  it('has a rule for every client the docs list, and each row says why', () => {
    const rows = diagnose(fixtures.get('healthy')!).clients;
    assert.deepEqual(
      rows.map((r) => r.id),
      CLIENT_RULES.map((r) => r.id),
    );
    assert.ok(rows.every((r) => r.why.length > 0));
  });
  it("the audit's unset external address names exactly the clients the matrix says hang on a private 227", () => {
    // What an image without its external address gives: the private 227 fails, the control address's ports list.
    const base: Observed = {
      pasvTrusting: 'fails',
      pasvControl: 'works',
      pasvUnroutable: 'works',
      pasvBasicFtp: 'works',
      epsv: 'works',
      port: 'unknown',
      tlsReuseRequired: false,
      replyRefusedByCurl: false,
    };
    const hurt = new Set<string>();
    for (const epsv of ['works', 'unsupported'] as const)
      for (const { short, rule } of CLIENT_RULES) {
        // Hurt: its outcome changes when the 227 names an address it can reach.
        if (rule({ ...base, epsv }).outcome !== rule({ ...base, epsv, pasvTrusting: 'works' }).outcome) hurt.add(short);
      }
    assert.deepEqual([...hurt].sort(), ['Python ftplib without the CVE-2021-4189 fix', 'older curl']);
    const words = CATALOGUE.CONTAINER_EXTERNAL_ADDRESS_UNSET.explanation;
    for (const short of hurt) assert.ok(words.includes(short), short);
    for (const { short } of CLIENT_RULES.filter((r) => !hurt.has(r.short)))
      assert.ok(!words.includes(short), `${short} is not hurt by a private 227 address`);
  });
  it('healthy: every client lists; browsers dropped FTP', () => {
    const m = matrix('healthy');
    for (const [id, outcome] of Object.entries(m))
      assert.equal(outcome, id === 'browsers' ? 'not-supported' : 'works', id);
  });
  it('server behind NAT announcing its private address: clients that ignore the 227 address work, those that trust it fail', () => {
    const m = matrix('05-server-nat-private-227');
    for (const id of ['filezilla', 'winscp', 'curl', 'lftp', 'python-ftplib', 'basic-ftp', 'go-jlaffaye'])
      assert.equal(m[id], 'works', id);
    assert.equal(m['python-ftplib-old'], 'fails');
    // curl before 7.74 tries EPSV first, which lists here.
    assert.equal(m['curl-old'], 'works');
  });
  it('client behind NAT, PORT refused: ftp.exe (active only) fails; FileZilla and passive clients work', () => {
    const m = matrix('02-client-nat-port-refused');
    assert.equal(m['ftp-exe'], 'fails');
    assert.equal(m.filezilla, 'works');
    assert.equal(m['commons-net'], 'works-with-setting (enterLocalPassiveMode())');
  });
  it('passive range dropped: every passive client fails; FileZilla falls back to active mode', () => {
    const m = matrix('06-server-nat-passive-dropped');
    for (const id of ['curl', 'curl-old', 'lftp', 'python-ftplib', 'python-ftplib-old', 'basic-ftp', 'winscp'])
      assert.equal(m[id], 'fails', id);
    assert.equal(m.filezilla, 'works');
    assert.equal(m['ftp-exe'], 'works');
  });
  it('FTPS requiring TLS session reuse: Python FTP_TLS fails, the others list', () => {
    const m = matrix('16-ftps-reuse-required');
    assert.equal(m['python-ftp-tls'], 'fails');
    assert.equal(m.curl, 'works');
  });
  it('login refused: nothing could be tested, so no client is said to work or fail', () => {
    const m = matrix('login-refused');
    for (const [id, outcome] of Object.entries(m))
      assert.ok(outcome === 'could-not-tell' || outcome === 'not-supported', `${id}: ${outcome}`);
  });
});
