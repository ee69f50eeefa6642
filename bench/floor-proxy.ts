import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The floor: the smallest Node forwarding proxy we can write — node:http server, node:http
 * client with a keep-alive Agent, request and response bodies piped, nothing parsed. It is the
 * physical limit of one Node hop on this machine; the gateway's added cost is read against it.
 * Usage: floor-proxy.ts <upstream-port> [listen-port]. Reports `{type:'ready', port}` over IPC.
 */

const upstreamPort = Number(process.argv[2]);
if (!Number.isInteger(upstreamPort) || upstreamPort <= 0) throw new Error('usage: floor-proxy.ts <upstream-port> [listen-port]');

const agent = new Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024, scheduling: 'lifo' });
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade'];

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  for (const h of HOP_BY_HOP) delete headers[h];
  return headers;
}

const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, (req, res) => {
  const upstream = request(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: forwardable(req.headers), agent },
    (up) => {
      res.writeHead(up.statusCode ?? 502, forwardable(up.headers));
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream error"}}');
    else res.destroy();
  });
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});
server.maxRequestsPerSocket = 0;

server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const address = server.address() as AddressInfo;
  if (process.send) process.send({ type: 'ready', port: address.port });
  else process.stdout.write(`floor proxy listening on http://127.0.0.1:${address.port} → 127.0.0.1:${upstreamPort}\n`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
