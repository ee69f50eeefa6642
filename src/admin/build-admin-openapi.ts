import { z } from 'zod';
import { ADMIN_OPERATIONS } from './admin-operations.js';

export const ADMIN_BASE = '/admin/v1';

const errorEnvelope = {
  type: 'object',
  properties: { error: { type: 'object', properties: { message: { type: 'string' }, type: { type: 'string' }, param: { type: ['string', 'null'] }, code: { type: ['string', 'null'] } }, required: ['message', 'type'] } },
  required: ['error'],
};

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema: a body as the client sends it, an answer as the server sends it. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/**
 * The admin API's OpenAPI 3.1 document, generated from the zod schemas that validate its bodies
 * (key-fields.ts) and describe its answers (admin-view-schemas.ts). Served at
 * `/admin/v1/openapi.json` without a token: it holds no data.
 */
export function buildAdminOpenapi(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ADMIN_OPERATIONS) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = (op.query ?? []).map((q) => ({ name: q.name, in: 'query', required: q.required ?? false, description: q.description, schema: q.schema }));
    const operation: Record<string, unknown> = {
      operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: op.summary,
      tags: [op.tag],
      ...(pathParams.length + query.length > 0 ? { parameters: [...pathParams, ...query] } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        [op.status]: { description: 'OK', content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } },
        default: { description: 'An error in the OpenAI envelope (400 validation, 401 token, 404 not found)', content: { 'application/json': { schema: errorEnvelope } } },
      },
    };
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'chuizi-gateway admin API', version, description: 'Accounts, credits, keys, generations, usage and provider health. Money is a decimal string with 8 decimals (USD).' },
    servers: [{ url: ADMIN_BASE }],
    security: [{ adminToken: [] }],
    components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer', description: 'CHUIZI_ADMIN_TOKEN (never a ck- key)' } } },
    paths,
  };
}
