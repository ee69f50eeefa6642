import type { IncomingMessage } from 'node:http';
import { ipAllowed } from '../pipeline/authorize.js';

/**
 * The client's IP: the socket address, or — when the socket is a configured trusted proxy —
 * the first untrusted address walking X-Forwarded-For from the right.
 */
export function resolveClientIp(req: IncomingMessage, trustedProxies: string[]): string {
  const socketIp = normalize(req.socket.remoteAddress ?? '');
  if (trustedProxies.length === 0 || !ipAllowed(trustedProxies, socketIp)) return socketIp;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => normalize(s.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!ipAllowed(trustedProxies, hops[i])) return hops[i];
  }
  return hops[0] ?? socketIp;
}

function normalize(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
