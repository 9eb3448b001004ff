import net from 'node:net';
import dns from 'node:dns';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The probe's only way to the network: tests wrap it to refuse anything but
 * loopback, and give names without asking a resolver.
 */
export interface Transport {
  connect(options: { host: string; port: number; localAddress?: string }): net.Socket;
  listen(options: { host: string; port: number }): Promise<net.Server>;
  lookup(name: string): Promise<ResolvedAddress[]>;
}

export const nodeTransport: Transport = {
  connect({ host, port, localAddress }) {
    return net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
  },
  listen({ host, port }) {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  },
  async lookup(name) {
    const found = await dns.promises.lookup(name, { all: true, verbatim: true });
    return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
  },
};
