/** The one bounded file reader, and the audit's configuration reading on top of it: refused kinds, caps, Include loops and unread parts. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/commands/audit/config/config-errors.js';
import { parseProftpdConf } from '../../src/commands/audit/config/proftpd-config.js';
import { fileReader } from '../../src/commands/audit/system.js';
import { FileProblem, readBoundedFile, readConfinedFile } from '../../src/io/files.js';
import { REPO_ROOT } from '../support/paths.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftp-doctor-files-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const kindOf = (read: () => unknown): string => {
  try {
    read();
    return 'read';
  } catch (error) {
    return error instanceof FileProblem ? error.kind : `other: ${String(error)}`;
  }
};

/** Devices, FIFOs and symbolic links as POSIX has them: not on Windows. */
const POSIX_ONLY = process.platform === 'win32' ? 'POSIX devices, FIFOs and symbolic links' : false;

describe('readBoundedFile', () => {
  it('refuses a device, a directory and a FIFO without blocking on them', { skip: POSIX_ONLY }, () => {
    assert.equal(
      kindOf(() => readBoundedFile('/dev/zero')),
      'not-a-file',
    );
    assert.equal(
      kindOf(() => readBoundedFile(dir)),
      'directory',
    );
    const fifo = path.join(dir, 'fifo');
    if (spawnSync('mkfifo', [fifo]).status === 0)
      assert.equal(
        kindOf(() => readBoundedFile(fifo)),
        'not-a-file',
      );
  });

  it('refuses a file over the cap, a missing file and a symlink loop, each with its kind', { skip: POSIX_ONLY }, () => {
    const big = path.join(dir, 'big.conf');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 17 * 1024 * 1024);
    fs.closeSync(fd);
    assert.equal(
      kindOf(() => readBoundedFile(big)),
      'too-large',
    );
    assert.equal(
      kindOf(() => readBoundedFile(path.join(dir, 'absent'))),
      'missing',
    );
    fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    assert.equal(
      kindOf(() => readBoundedFile(path.join(dir, 'loop-a'))),
      'symlink-loop',
    );
  });

  it('decodes what Windows writes: UTF-16LE and UTF-16BE with a BOM, UTF-8 with a BOM', () => {
    const text = 'Rule Name: FTP Server Passive\r\n';
    fs.writeFileSync(
      path.join(dir, 'le.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const be = Buffer.from(text, 'utf16le');
    be.swap16();
    fs.writeFileSync(path.join(dir, 'be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    fs.writeFileSync(path.join(dir, 'bom.txt'), `\uFEFF${text}`);
    for (const file of ['le.txt', 'be.txt', 'bom.txt']) assert.equal(readBoundedFile(path.join(dir, file)), text, file);
  });
});

describe('readConfinedFile: files read for a repository stay inside it', () => {
  const made = (): { repo: string; outside: string } => {
    const repo = fs.mkdtempSync(path.join(dir, 'repo-'));
    const outside = fs.mkdtempSync(path.join(dir, 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret'), 'root:x:0:0\n');
    fs.mkdirSync(path.join(repo, 'conf'));
    fs.writeFileSync(path.join(repo, 'conf', 'vsftpd.conf'), 'listen=YES\n');
    return { repo, outside };
  };
  it('reads a file inside, through a link that stays inside too', { skip: POSIX_ONLY }, () => {
    const { repo } = made();
    fs.symlinkSync('conf/vsftpd.conf', path.join(repo, 'inner-link'));
    assert.equal(readConfinedFile(path.join(repo, 'inner-link'), repo), 'listen=YES\n');
    assert.equal(readConfinedFile(path.join(repo, 'conf', 'vsftpd.conf'), repo), 'listen=YES\n');
  });
  it('refuses a link out, a link to a folder out, and a chain of links that ends out', { skip: POSIX_ONLY }, () => {
    const { repo, outside } = made();
    fs.symlinkSync(path.join(outside, 'secret'), path.join(repo, 'conf', 'direct'));
    fs.symlinkSync(outside, path.join(repo, 'folder'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(outside, 'hop'));
    fs.symlinkSync('direct', path.join(repo, 'conf', 'chain-1'));
    fs.symlinkSync(path.join(outside, 'hop'), path.join(repo, 'conf', 'chain-2'));
    for (const way of ['conf/direct', 'folder/secret', 'conf/chain-1', 'conf/chain-2'])
      assert.equal(
        kindOf(() => readConfinedFile(path.join(repo, way), repo)),
        'outside-root',
        way,
      );
  });
  it(
    'a file swapped for a link, or its folder swapped, between the check and the open: refused',
    { skip: POSIX_ONLY },
    () => {
      const { repo, outside } = made();
      const file = path.join(repo, 'conf', 'vsftpd.conf');
      const realpath = fs.realpathSync;
      // The swap happens right after the real path is checked, before the open.
      const swapAfterCheck = (swap: () => void) => {
        let calls = 0;
        fs.realpathSync = ((...args: Parameters<typeof realpath>) => {
          const real = realpath(...args);
          calls += 1;
          if (calls === 2) swap();
          return real;
        }) as typeof realpath;
      };
      try {
        swapAfterCheck(() => {
          fs.rmSync(file);
          fs.symlinkSync(path.join(outside, 'secret'), file);
        });
        assert.equal(
          kindOf(() => readConfinedFile(file, repo)),
          'outside-root',
        );
        fs.realpathSync = realpath;
        fs.rmSync(file);
        fs.writeFileSync(file, 'listen=YES\n');
        fs.writeFileSync(path.join(outside, 'vsftpd.conf'), 'root:x:0:0\n');
        swapAfterCheck(() => {
          fs.renameSync(path.join(repo, 'conf'), path.join(repo, 'moved'));
          fs.symlinkSync(outside, path.join(repo, 'conf'));
        });
        assert.equal(
          kindOf(() => readConfinedFile(file, repo)),
          'outside-root',
        );
      } finally {
        fs.realpathSync = realpath;
      }
    },
  );
  it('refuses a FIFO inside without blocking on it', { skip: POSIX_ONLY }, () => {
    const { repo } = made();
    const fifo = path.join(repo, 'conf', 'fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    assert.equal(
      kindOf(() => readConfinedFile(fifo, repo)),
      'not-a-file',
    );
  });
});

describe('ProFTPD configuration through the bounded reader', () => {
  it(
    'an Include of /dev/zero or a missing file leaves that part unread, named, and the rest read',
    { skip: POSIX_ONLY },
    () => {
      const main = path.join(dir, 'proftpd.conf');
      fs.writeFileSync(
        main,
        `Port 21\nInclude /dev/zero\nInclude ${path.join(dir, 'missing.conf')}\nPassivePorts 50000 50100\n`,
      );
      const config = parseProftpdConf(main, fileReader);
      assert.deepEqual(config.passiveRange?.value, { low: 50000, high: 50100 });
      assert.equal(config.unreadIncludes?.length, 2);
      assert.match(config.unreadIncludes?.[0] ?? '', /\/dev\/zero.*is a device/);
    },
  );

  it('an Include loop is a configuration error naming the file, not a hang', () => {
    const a = path.join(dir, 'a.conf');
    const b = path.join(dir, 'b.conf');
    fs.writeFileSync(a, `Include ${b}\n`);
    fs.writeFileSync(b, `Include ${a}\n`);
    assert.throws(
      () => parseProftpdConf(a, fileReader),
      (error: unknown) => error instanceof ConfigError && /includes itself/.test(error.message),
    );
  });

  it('backslash continuation joins every part of a long chain', () => {
    const file = path.join(dir, 'long.conf');
    const parts = Array.from({ length: 2000 }, (_, i) => `word${i} \\`);
    fs.writeFileSync(file, `PassivePorts \\\n${parts.join('\n')}\nend\n`);
    // The directive is read whole (its arguments are not a port range, so it is an error naming the line, not a hang).
    assert.throws(() => parseProftpdConf(file, fileReader), ConfigError);
  });
});

describe('hostile configuration files', () => {
  it('XML: a character reference outside Unicode reads as U+FFFD; nesting past 128 is a configuration error, not a crash', async () => {
    const { readXml } = await import('../../src/commands/audit/config/xml-reader.js');
    const root = readXml('<configuration a="&#x110000;&#99999999999;">x</configuration>', 'applicationHost.config');
    assert.equal(root.attributes.a, '\uFFFD\uFFFD');
    const deep = `${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`;
    assert.throws(
      () => readXml(deep, 'deep.config'),
      (error: unknown) => error instanceof ConfigError && /nested more than 128 deep/.test(error.message),
    );
  });

  it('XML: line numbers stay right across many elements', async () => {
    const { readXml, descendants } = await import('../../src/commands/audit/config/xml-reader.js');
    const text = `<root>\n${Array.from({ length: 3000 }, (_, i) => `  <site id="${i}"/>`).join('\n')}\n</root>\n`;
    const sites = descendants(readXml(text, 'x.config'), 'site');
    assert.equal(sites.length, 3000);
    assert.equal(sites[2999]?.line, 3001);
  });

  it('an empty --firewall file is an error naming it, never an invented policy', async () => {
    const { parseFirewallText } = await import('../../src/commands/audit/read.js');
    assert.throws(
      () => parseFirewallText('\n  \n', 'rules.v4'),
      (error: unknown) => error instanceof ConfigError && /rules\.v4: is empty/.test(error.message),
    );
  });
});

describe('a long log is read from its end, in bounded memory', () => {
  it('a 35 MB FileZilla log whose last session hangs: the same findings as the session alone, line numbers as in the file, and the earlier lines said to be unread', async () => {
    const { readLogFile, TAIL_LINES } = await import('../../src/io/log-file.js');
    const { parseLog } = await import('../../src/commands/analyze/detect.js');
    const { logToRecord } = await import('../../src/commands/analyze/to-record.js');
    const { diagnose } = await import('../../src/diagnose/diagnose.js');
    const session = fs
      .readFileSync(path.join(REPO_ROOT, 'fixtures/logs/filezilla-private-227-timeout.log'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const filler = '2024-03-11 09:00:00 4412 1 Status: Directory listing of "/home/deploy" successful\n';
    const fillerLines = 500_000;
    const file = path.join(dir, 'long.log');
    fs.writeFileSync(file, filler.repeat(fillerLines) + `${session.join('\n')}\n`);
    const text = readLogFile(file);
    assert.equal(text.totalLines, fillerLines + session.length);
    assert.equal(text.lines.length, TAIL_LINES - 1);
    const log = parseLog(text, 'auto', 'long.log');
    assert.equal(log.format, 'filezilla');
    const record = logToRecord(log, { file: 'long.log', startedAt: 'x', toolVersion: '0' });
    const codes = diagnose(record)
      .findings.map((f) => f.code)
      .sort();
    assert.deepEqual(codes, ['PASV_DATA_TIMEOUT', 'PASV_PRIVATE_ADDRESS']);
    assert.ok(record.source.notShown.includes('earlier-lines'));
    const lastEvent = log.events.at(-1);
    assert.equal(lastEvent?.line, fillerLines + session.length);
  });

  it('a long file without a single line break is read from its end, bounded, not whole', async () => {
    const { readLogFile, MAX_LOG_LINE } = await import('../../src/io/log-file.js');
    const file = path.join(dir, 'no-breaks.log');
    const fd = fs.openSync(file, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 60; i += 1) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    // The largest single read: the whole file would be 60 MB at once.
    const readSync = fs.readSync;
    let largest = 0;
    fs.readSync = ((
      fd: number,
      buffer: NodeJS.ArrayBufferView,
      offset: number,
      length: number,
      position: number | null,
    ) => {
      largest = Math.max(largest, length);
      return readSync(fd, buffer, offset, length, position);
    }) as typeof fs.readSync;
    let text;
    try {
      text = readLogFile(file);
    } finally {
      fs.readSync = readSync;
      fs.rmSync(file);
    }
    assert.equal(text.totalLines, 1);
    assert.equal(text.lines.length, 1);
    assert.equal(text.lines[0]?.length, MAX_LOG_LINE);
    assert.ok(largest <= 48 * 1024 * 1024, `one read of ${largest} bytes`);
  });
});
