import { BlockList, isIP } from 'node:net';
import { GatewayError } from '../core/gateway-error.js';
import type { GatewayConfig, ModelEntry } from '../config/gateway-config.js';
import type { KeyRecord } from '../store/types.js';

/** Step 3 (403): the key's model allow-list and IP allow-list. */
export function authorize(config: GatewayConfig, key: KeyRecord, model: ModelEntry, clientIp: string): void {
  if (!isModelAllowed(config, key, model)) {
    throw new GatewayError('model_not_allowed', `This API key is not allowed to use the model '${model.id}'`, { param: 'model' });
  }
  authorizeIp(key, clientIp);
}

/** The key's IP allow-list alone (403): a call to a smart model (`auto/*`) before its model is known. */
export function authorizeIp(key: KeyRecord, clientIp: string): void {
  if (key.ipWhitelist.length > 0 && !ipAllowed(key.ipWhitelist, clientIp)) {
    throw new GatewayError('ip_not_allowed', `Requests from IP ${clientIp} are not allowed for this API key`);
  }
}

/** True when the key's allow-list is empty or names the model by id or any alias. */
export function isModelAllowed(config: GatewayConfig, key: KeyRecord, model: ModelEntry): boolean {
  if (key.allowedModels.length === 0) return true;
  return key.allowedModels.some((name) => config.modelIndex.get(name.toLowerCase()) === model);
}

const lists = new Map<string, BlockList>();

/** IPv4/IPv6 addresses and CIDR ranges; an IPv4-mapped IPv6 client matches IPv4 entries. */
export function ipAllowed(entries: string[], ip: string): boolean {
  const cacheKey = entries.join(',');
  let list = lists.get(cacheKey);
  if (!list) {
    list = new BlockList();
    for (const e of entries) addEntry(list, e);
    if (lists.size > 10_000) lists.clear();
    lists.set(cacheKey, list);
  }
  const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

function addEntry(list: BlockList, entry: string): void {
  const [addr, prefix] = entry.trim().split('/');
  const family = isIP(addr);
  if (family === 0) return;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) list.addAddress(addr, type);
  else list.addSubnet(addr, Number(prefix), type);
}

/** Validates an allow-list entry (admin API, CLI); returns an error message or undefined. */
export function checkIpEntry(entry: string): string | undefined {
  const [addr, prefix, extra] = entry.trim().split('/');
  const family = isIP(addr ?? '');
  if (family === 0 || extra !== undefined) return `'${entry}' is not an IP address or CIDR range`;
  if (prefix !== undefined) {
    const n = Number(prefix);
    if (!/^\d+$/.test(prefix) || n > (family === 4 ? 32 : 128)) return `'${entry}' has an invalid prefix length`;
  }
  return undefined;
}
