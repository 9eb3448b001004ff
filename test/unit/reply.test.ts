import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplyError, ReplyReader } from '../../src/protocol/reply.js';

function read(text: string, limits?: ConstructorParameters<typeof ReplyReader>[0]) {
  return new ReplyReader(limits).push(Buffer.from(text));
}

describe('ReplyReader', () => {
  it('reads a single-line reply', () => {
    assert.deepEqual(read('220 (vsFTPd 3.0.3)\r\n'), [{ code: 220, lines: ['220 (vsFTPd 3.0.3)'] }]);
  });

  it('reads a multi-line reply up to the line with the same code and a space', () => {
    const replies = read('211-Features:\r\n EPSV\r\n PASV\r\n211 End\r\n');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.code, 211);
    assert.equal(replies[0]?.lines.length, 4);
  });

  it('keeps RFC 959 padded number lines inside a multi-line reply', () => {
    const replies = read(
      '123-First line\r\nSecond line\r\n  234 A line beginning with numbers\r\n123 The last line\r\n',
    );
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.lines.length, 4);
  });

  it('reads the FileZilla Server two-line banner', () => {
    const replies = read('220-FileZilla Server 0.9.60 beta\r\n220 Please visit https://filezilla-project.org/\r\n');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.lines[1], '220 Please visit https://filezilla-project.org/');
  });

  it('ends a multi-line reply on a line with another code and marks it (glftpd)', () => {
    const replies = read('200-Welcome\r\nmore\r\n226 Done\r\n');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.code, 200);
    assert.equal(replies[0]?.endedWithOtherCode, true);
  });

  it('accepts bare LF line ends and byte-by-byte delivery', () => {
    const reader = new ReplyReader();
    const text = '227-listen socket created\n227 (127,0,0,1,154,21)\n';
    const replies = [...text].flatMap((char) => reader.push(Buffer.from(char)));
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.lines[1], '227 (127,0,0,1,154,21)');
  });

  it('returns nothing for a reply not yet terminated', () => {
    assert.deepEqual(read('220 hello'), []);
  });

  it('reads several replies from one chunk', () => {
    assert.deepEqual(
      read('150 Here comes the directory listing.\r\n226 Directory send OK.\r\n').map((r) => r.code),
      [150, 226],
    );
  });

  it('rejects a first line that is not a reply, such as an SSH banner', () => {
    assert.throws(
      () => read('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'),
      (error: unknown) => error instanceof ReplyError && error.kind === 'not-a-reply',
    );
  });

  it('rejects an oversized line even without a line end', () => {
    assert.throws(
      () => read('220 ' + 'x'.repeat(200), { maxLineBytes: 100, maxReplyLines: 10, maxReplyBytes: 1000 }),
      (error: unknown) => error instanceof ReplyError && error.kind === 'line-too-long',
    );
  });

  it('rejects a multi-line reply that never ends', () => {
    const endless = '220-start\r\n' + 'line\r\n'.repeat(50);
    assert.throws(
      () => read(endless, { maxLineBytes: 100, maxReplyLines: 20, maxReplyBytes: 10_000 }),
      (error: unknown) => error instanceof ReplyError && error.kind === 'reply-too-long',
    );
  });
});
