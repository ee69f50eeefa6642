import { GatewayError } from '../core/gateway-error.js';
import type { GatewayConfig, ModelEntry } from '../config/gateway-config.js';

/** Public id or alias (case-insensitive) → model; unknown → 404. */
export function resolveModel(config: GatewayConfig, name: string): ModelEntry {
  const model = config.modelIndex.get(name.toLowerCase());
  if (!model) throw new GatewayError('model_not_found', `The model '${name}' does not exist`, { param: 'model' });
  return model;
}

/**
 * 400 when the model is of another kind than the endpoint serves: an embedding model on a chat
 * route, or a chat model on `/v1/embeddings`.
 */
export function requireModelType(model: ModelEntry, type: ModelEntry['type']): void {
  if (model.type === type) return;
  const message = model.type === 'embedding'
    ? `The model '${model.id}' is an embedding model: call it on POST /v1/embeddings`
    : `The model '${model.id}' is a chat model and cannot create embeddings: use an embedding model`;
  throw new GatewayError('validation_error', message, { param: 'model' });
}
