/** Child process for the hostile benchmarks: a flooding or a dribbling server on 127.0.0.1; prints its port, runs until stdin closes. */
import { delay, FtpTestServer, type FtpSession, type Handler } from '../src/commands/demo/ftp-server.js';

const kind = process.argv[2];
const handlers: Record<string, Handler> =
  kind === 'flood'
    ? {
        // Answers PASV, then sends "200 x" as fast as the connection takes it.
        PASV: async (s: FtpSession) => {
          await s.reply('227 Entering Passive Mode (127,0,0,1,4,1).');
          const block = Buffer.from('200 x\r\n'.repeat(4096));
          while (!s.socket.destroyed) {
            if (!s.socket.write(block))
              await new Promise((resolve) => s.socket.once('drain', resolve).once('close', resolve));
          }
        },
      }
    : {
        // The data connection carries one byte a second.
        LIST: async (s: FtpSession) => {
          const connection = await s.dataConnection();
          if (!connection) return s.reply('425 no data connection');
          await s.reply('150 slowly');
          while (!connection.destroyed) {
            connection.write('x');
            await delay(1000);
          }
        },
      };
const server = await new FtpTestServer({ handlers }).start();
process.stdout.write(`${JSON.stringify(server.port)}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
