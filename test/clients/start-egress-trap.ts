import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EgressTrap {
  /** http://127.0.0.1:PORT, to set as HTTPS_PROXY / HTTP_PROXY of a client under test. */
  url: string;
  /** Every request that reached the trap: "CONNECT host:443" or "GET http://host/path". */
  hits: string[];
  close(): Promise<void>;
}

/**
 * A proxy on 127.0.0.1 that forwards nothing: it records and refuses every request a client
 * sends through it. Set as the client's proxy (with NO_PROXY=127.0.0.1), any attempt to reach
 * a host other than the gateway lands here instead of on the internet, and the test can fail on it.
 */
export async function startEgressTrap(): Promise<EgressTrap> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    hits.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
