import { GatewayError } from '../core/gateway-error.js';
import type { GatewayConfig, ModelEntry } from '../config/gateway-config.js';

/** Public id or alias (case-insensitive) → model; unknown → 404. */
export function resolveModel(config: GatewayConfig, name: string): ModelEntry {
  const model = config.modelIndex.get(name.toLowerCase());
  if (!model) throw new GatewayError('model_not_found', `The model '${name}' does not exist`, { param: 'model' });
  return model;
}
