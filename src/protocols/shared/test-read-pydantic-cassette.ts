/* A test helper (not a test file itself): reads recorded HTTP exchanges. */
import { parse as parseYaml } from 'yaml';

/** One interaction of a pydantic-ai vcrpy cassette. A JSON answer has `responseJson`; a stream `responseText`. */
export interface CassetteInteraction {
  uri: string;
  /** The request's JSON body (`{}` for a request without one, such as an image download). */
  requestBody: Record<string, unknown>;
  status: number;
  responseJson?: unknown;
  responseText?: string;
  headers: Record<string, string | string[]>;
}

/** Every interaction of a pydantic-ai vcrpy cassette's YAML text (`parsed_body`, or a raw `body.string`). */
export function readPydanticCassette(yamlText: string): CassetteInteraction[] {
  const doc = parseYaml(yamlText) as {
    interactions: Array<{
      request: { uri: string; parsed_body?: Record<string, unknown> };
      response: { parsed_body?: unknown; body?: { string: string }; status: { code: number }; headers: Record<string, string[]> };
    }>;
  };
  return doc.interactions.map(({ request, response }) => ({
    uri: request.uri,
    requestBody: request.parsed_body ?? {},
    status: response.status.code,
    responseJson: response.parsed_body,
    responseText: response.body?.string,
    headers: response.headers,
  }));
}
