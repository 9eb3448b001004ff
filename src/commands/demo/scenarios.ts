import net from 'node:net';
import { DEFAULT_HANDLERS, type ServerScript } from './ftp-server.js';

export interface DemoScenario {
  name: string;
  description: string;
  script: ServerScript;
}

/** A port on which nothing listens: opened, noted, closed. */
async function closedPort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The common broken setups, as loopback can act them out. */
export const DEMO_SCENARIOS: DemoScenario[] = [
  {
    name: 'healthy',
    description: 'a healthy server: every mode works',
    script: {},
  },
  {
    name: 'server-behind-nat',
    description: 'a server behind NAT that announces its private address 10.20.0.2 in 227 replies',
    script: { greeting: '220 (vsFTPd 3.0.3)', pasvAddress: '10.20.0.2' },
  },
  {
    name: 'passive-port-refused',
    description: 'a server whose passive ports refuse connections (range not forwarded to it)',
    script: {
      greeting: '220 ProFTPD 1.3.8 Server (demo) [127.0.0.1]',
      // ProFTPD's own wording (vsftpd adds "Consider using PASV.").
      portAccepted: '200 {command} command successful',
      handlers: {
        PASV: async (s) => {
          const port = await closedPort(s.server.host);
          return s.reply(`227 Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255}).`);
        },
        EPSV: async (s) => s.reply(`229 Entering Extended Passive Mode (|||${await closedPort(s.server.host)}|)`),
      },
    },
  },
  {
    name: 'data-never-answered',
    description:
      'a passive data connection that is accepted but never answered (the range forwarded to the wrong host)',
    script: {
      handlers: {
        LIST: async (s) => {
          if (!s.passive) return DEFAULT_HANDLERS.LIST?.(s, '');
          await s.dataConnection();
          // Silence: no 150, no data, no 226.
        },
      },
    },
  },
  {
    name: 'active-rejected',
    description: 'a server that refuses active mode with "500 Illegal PORT command"',
    script: {
      greeting: '220 (vsFTPd 3.0.3)',
      handlers: {
        PORT: (s) => s.reply('500 Illegal PORT command.'),
        EPRT: (s) => s.reply('500 Illegal EPRT command.'),
      },
    },
  },
];
