import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseEprtArgument, parsePortArgument } from '../../src/protocol/commands.js';
import { parseEpsvReply, parsePasvReply } from '../../src/protocol/passive.js';
import { ReplyError, ReplyReader } from '../../src/protocol/reply.js';
import { sniffProtocol } from '../../src/protocol/sniff.js';

const limits = { maxLineBytes: 200, maxReplyLines: 20, maxReplyBytes: 2000 };

describe('parsers under arbitrary input', () => {
  it('ReplyReader returns replies within its limits or throws ReplyError, however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const reader = new ReplyReader(limits);
        try {
          for (const chunk of chunks) {
            for (const reply of reader.push(Buffer.from(chunk))) {
              assert.ok(reply.code >= 0 && reply.code <= 999);
              assert.ok(reply.lines.length >= 1 && reply.lines.length <= limits.maxReplyLines + 1);
            }
            assert.ok(reader.bufferedBytes <= limits.maxLineBytes);
          }
        } catch (error) {
          assert.ok(error instanceof ReplyError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('227/229 and PORT/EPRT parsers never throw and never return an out-of-range value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        for (const parsed of [parsePasvReply(text), parsePortArgument(text), parseEprtArgument(text)]) {
          if (parsed.ok) {
            assert.ok(parsed.value.port >= 1 && parsed.value.port <= 65535);
            assert.ok(parsed.value.host.split('.').every((n) => Number(n) <= 255) || parsed.value.host.includes(':'));
          }
        }
        const epsv = parseEpsvReply(text);
        if (epsv.ok) assert.ok(epsv.value.port >= 1 && epsv.value.port <= 65535);
        sniffProtocol(Buffer.from(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('227 numbers: whatever the six numbers, an octet above 255 is malformed, never masked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 6, maxLength: 6 }), (numbers) => {
        const parsed = parsePasvReply(`227 Entering Passive Mode (${numbers.join(',')})`);
        const inRange = numbers.every((n) => n <= 255) && numbers[4]! * 256 + numbers[5]! > 0;
        assert.equal(parsed.ok, inRange);
        if (parsed.ok) assert.equal(parsed.value.port, numbers[4]! * 256 + numbers[5]!);
      }),
    );
  });
});
