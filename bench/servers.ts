/** Child process for the fleet benchmark: starts N scriptable servers on 127.0.0.1, prints their ports, runs until stdin closes. */
import { FtpTestServer } from '../src/commands/demo/ftp-server.js';

const count = Number(process.argv[2] ?? 1);
const replyDelayMs = Number(process.argv[3] ?? 0);
const servers = await Promise.all(Array.from({ length: count }, () => new FtpTestServer({ replyDelayMs }).start()));
process.stdout.write(`${JSON.stringify(servers.map((s) => s.port))}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
