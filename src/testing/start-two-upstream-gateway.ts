import { MockUpstreamServer } from './mock-upstream-server.js';
import { openaiUpstreamHandler } from './openai-upstream-handler.js';
import { anthropicUpstreamHandler } from './anthropic-upstream-handler.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

export interface TwoUpstreamGateway {
  gw: TestGateway;
  /** The mock Anthropic upstream, provider `anthropic-up`. */
  anthropicUp: MockUpstreamServer;
  /** The mock OpenAI-compatible upstream, provider `openai-up`. */
  openaiUp: MockUpstreamServer;
  close(): Promise<void>;
}

/**
 * A mock Anthropic and a mock OpenAI-compatible upstream on real sockets, and the real gateway
 * with one provider for each (`anthropic-up`, `openai-up`) serving `models`, with rate limits
 * out of the way: the set-up of the end-to-end suites that drive both protocols.
 */
export async function startTwoUpstreamGateway(models: unknown[]): Promise<TwoUpstreamGateway> {
  const anthropicUp = await new MockUpstreamServer(anthropicUpstreamHandler()).start();
  const openaiUp = await new MockUpstreamServer(openaiUpstreamHandler()).start();
  const gw = await startTestGateway({
    limits: { key_rpm: 100_000, model_rpm: 100_000 },
    providers: [
      { id: 'anthropic-up', protocol: 'anthropic', base_url: anthropicUp.url, api_key: 'sk-ant-upstream' },
      { id: 'openai-up', protocol: 'openai', base_url: `${openaiUp.url}/v1`, api_key: 'sk-openai-upstream' },
    ],
    models,
  });
  return {
    gw,
    anthropicUp,
    openaiUp,
    async close() {
      await gw.close();
      await anthropicUp.close();
      await openaiUp.close();
    },
  };
}
