import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolResultTexts, type RecordedRequest, type UpstreamScript } from '../../src/testing/mock-upstream-server.js';
import { pinnedVersion } from './ensure-clients.js';
import { setUpClients } from './set-up-clients.js';
import { claudeCodeEnv, runClaudeCode, type ClaudeCodeRun } from './run-claude-code.js';
import { startEgressTrap, type EgressTrap } from './start-egress-trap.js';
import { expectCall, MODEL_OF, startClientHarness, USAGES, type ClientHarness, type UpstreamKind } from './start-client-harness.js';

// The Claude Code CLI itself (@anthropic-ai/claude-code, pinned in ./package.json) run headless in
// its default mode (`claude -p … --output-format json`, not --bare) through the gateway's /anthropic
// door, to a model served by an Anthropic upstream and to one served by an OpenAI-compatible one.
const VERSION = pinnedVersion('@anthropic-ai/claude-code');
const RUN_TIMEOUT_MS = 60_000;
const CASE_TIMEOUT_MS = 90_000;
const GREETING = 'Hello from the upstream model.';
const SECRET = 'pelican';

/** Text of every message of `role`, any content shape (string or blocks). */
function textsOf(req: RecordedRequest, role: string): string[] {
  return (req.body.messages as any[])
    .filter((m) => m.role === role)
    .map((m) => (typeof m.content === 'string' ? m.content : (m.content ?? []).map((b: any) => b.text ?? '').join('')));
}

function toolNames(req: RecordedRequest, kind: UpstreamKind): string[] {
  return (req.body.tools ?? []).map((t: any) => (kind === 'openai' ? t.function.name : t.name));
}

function describeRun(run: ClaudeCodeRun): string {
  return `claude exited ${run.exitCode} after ${run.ms} ms\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
}

describe(`Claude Code ${VERSION} (claude -p, default mode) through the gateway`, () => {
  let h: ClientHarness;
  let trap: EgressTrap;
  const dirs: string[] = [];
  /** The fake upstreams' answer for the running case. */
  let script: UpstreamScript = () => ({ text: GREETING });

  const ready = setUpClients(async () => {
    trap = await startEgressTrap();
    h = await startClientHarness({ anthropicScript: (req) => script(req), openaiScript: (req) => script(req) });
    // The CLI starts and is the pinned version; else every case fails with this reason.
    const home = mkdtempSync(join(tmpdir(), 'chuizi-cc-home-'));
    dirs.push(home);
    const run = await runClaudeCode(['--version'], { cwd: home, env: claudeCodeEnv({ gatewayUrl: h.gw.url, key: 'ck-unused', model: 'unused', home, trapUrl: trap.url }), timeoutMs: RUN_TIMEOUT_MS });
    assert.equal(run.exitCode, 0, `Claude Code does not start: ${describeRun(run)}`);
    assert.match(run.stdout, new RegExp(`^${VERSION.replaceAll('.', '\\.')} \\(Claude Code\\)`), `not the pinned Claude Code ${VERSION}: ${run.stdout}`);
  });
  after(async () => {
    await h?.close();
    await trap?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** A throwaway HOME and working directory (with notes.txt) for one run. */
  function workspace(): { home: string; cwd: string } {
    const home = mkdtempSync(join(tmpdir(), 'chuizi-cc-home-'));
    const cwd = mkdtempSync(join(tmpdir(), 'chuizi-cc-cwd-'));
    dirs.push(home, cwd);
    writeFileSync(join(cwd, 'notes.txt'), `The secret word is ${SECRET}.\n`);
    return { home, cwd };
  }

  for (const kind of ['anthropic', 'openai'] as const) {
    const model = MODEL_OF[kind];
    describe(`to a model served by an ${kind === 'openai' ? 'OpenAI-compatible' : 'Anthropic'} upstream (--model ${model})`, () => {
      it('answers a prompt: JSON result with the upstream’s text and usage; one exact charge', { timeout: CASE_TIMEOUT_MS }, async () => {
        ready();
        const { key, accountId } = await h.account();
        const { home, cwd } = workspace();
        const usage = USAGES[kind][0];
        script = () => ({ text: GREETING });
        h.answerNext(kind, [usage]);
        const before = h.up[kind].requests.length;
        const run = await runClaudeCode(['-p', 'Say hello.', '--output-format', 'json', '--model', model], {
          cwd, env: claudeCodeEnv({ gatewayUrl: h.gw.url, key, model, home, trapUrl: trap.url }), timeoutMs: RUN_TIMEOUT_MS,
        });
        assert.equal(run.exitCode, 0, describeRun(run));
        assert.ok(run.result, describeRun(run));
        assert.deepEqual(
          { is_error: run.result.is_error, subtype: run.result.subtype, result: run.result.result, stop: run.result.stop_reason, denials: run.result.permission_denials },
          { is_error: false, subtype: 'success', result: GREETING, stop: 'end_turn', denials: [] },
          describeRun(run),
        );
        const call = expectCall(kind, usage, true);
        const u = run.result.usage;
        assert.deepEqual(
          { input: u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens, cacheWrite: u.cache_creation_input_tokens },
          { input: call.inputTokens, output: call.outputTokens, cacheRead: call.cachedTokens, cacheWrite: call.cacheWriteTokens },
          'usage Claude Code reports',
        );

        const sent = h.up[kind].requests.slice(before);
        assert.equal(sent.length, 1, 'one upstream call');
        const req = sent[0];
        assert.equal(req.body.model, kind === 'anthropic' ? 'claude-upstream' : 'gpt-upstream');
        assert.equal(req.body.stream, true);
        assert.doesNotMatch(JSON.stringify(req.headers), /ck-/, 'the gateway key never goes upstream');
        assert.ok(toolNames(req, kind).includes('Read'), 'Claude Code’s tools reach the upstream');
        assert.ok(textsOf(req, 'user')[0].includes('Say hello.'), 'the prompt reaches the upstream');
        // Claude Code 2.1 sends its environment context as a `system` entry inside `messages`,
        // after the first user turn: kept in place (as a system message) on both routes.
        const roles = (req.body.messages as any[]).map((m) => m.role);
        const firstUser = roles.indexOf('user');
        const midSystem = roles.findIndex((r, i) => i > firstUser && (r === 'system' || r === 'developer'));
        assert.ok(firstUser >= 0 && midSystem > firstUser, `a system entry after the first user turn: ${roles.join(',')}`);
        assert.match(textsOf(req, roles[midSystem]).join('\n'), /Primary working directory/);
        if (kind === 'openai') assert.equal(roles[0], 'system', 'Claude Code’s system prompt leads the OpenAI messages');
        else assert.ok(Array.isArray(req.body.system) && req.body.system.length > 0, 'Claude Code’s system prompt');
        assert.deepEqual(trap.hits, [], 'Claude Code reached no host but the gateway');
        await h.assertBilled(accountId, [call]);
      });

      it('runs a tool-using turn: the upstream calls Read, the file’s content goes back up, the final answer; two exact charges', { timeout: CASE_TIMEOUT_MS }, async () => {
        ready();
        const { key, accountId } = await h.account();
        const { home, cwd } = workspace();
        const usages = USAGES[kind];
        script = (req) => {
          const results = toolResultTexts(req);
          if (results.length === 0) return { toolCall: { name: 'Read', input: { file_path: join(cwd, 'notes.txt') } } };
          const word = /secret word is (\w+)/.exec(results.join('\n'))?.[1] ?? 'unknown';
          return { text: `The secret word is ${word}.` };
        };
        h.answerNext(kind, usages);
        const before = h.up[kind].requests.length;
        const run = await runClaudeCode(['-p', 'What is the secret word in notes.txt?', '--output-format', 'json', '--model', model, '--allowedTools', 'Read'], {
          cwd, env: claudeCodeEnv({ gatewayUrl: h.gw.url, key, model, home, trapUrl: trap.url }), timeoutMs: RUN_TIMEOUT_MS,
        });
        assert.equal(run.exitCode, 0, describeRun(run));
        assert.deepEqual(
          { is_error: run.result?.is_error, result: run.result?.result, turns: run.result?.num_turns, denials: run.result?.permission_denials },
          { is_error: false, result: `The secret word is ${SECRET}.`, turns: 2, denials: [] },
          describeRun(run),
        );
        const calls = usages.map((u) => expectCall(kind, u, true));
        const mu = run.result.modelUsage?.[model];
        assert.deepEqual(
          { input: mu?.inputTokens + mu?.cacheReadInputTokens + mu?.cacheCreationInputTokens, output: mu?.outputTokens },
          { input: calls[0].inputTokens + calls[1].inputTokens, output: calls[0].outputTokens + calls[1].outputTokens },
          'usage Claude Code reports for the model, both calls',
        );

        const sent = h.up[kind].requests.slice(before);
        assert.equal(sent.length, 2, 'two upstream calls');
        assert.deepEqual(toolResultTexts(sent[0]), []);
        const results = toolResultTexts(sent[1]);
        assert.equal(results.length, 1);
        assert.match(results[0], new RegExp(`The secret word is ${SECRET}`), 'the Read result reaches the upstream');
        const calledRead = kind === 'openai'
          ? sent[1].body.messages.some((m: any) => m.role === 'assistant' && m.tool_calls?.[0]?.function?.name === 'Read')
          : sent[1].body.messages.some((m: any) => m.role === 'assistant' && m.content.some?.((b: any) => b.type === 'tool_use' && b.name === 'Read'));
        assert.ok(calledRead, 'the assistant’s Read call is in the history');
        assert.deepEqual(trap.hits, [], 'Claude Code reached no host but the gateway');
        await h.assertBilled(accountId, calls);
      });
    });
  }

  it('takes the key as ANTHROPIC_AUTH_TOKEN (Bearer) and the model from ANTHROPIC_MODEL', { timeout: CASE_TIMEOUT_MS }, async () => {
    ready();
    const { key, accountId } = await h.account();
    const { home, cwd } = workspace();
    const model = MODEL_OF.openai;
    const usage = USAGES.openai[0];
    script = () => ({ text: GREETING });
    h.answerNext('openai', [usage]);
    const before = h.up.openai.requests.length;
    // The opus/sonnet/haiku settings name the other model: the call must follow ANTHROPIC_MODEL.
    const { ANTHROPIC_API_KEY: _unused, ...env } = claudeCodeEnv({ gatewayUrl: h.gw.url, key, model: MODEL_OF.anthropic, home, trapUrl: trap.url });
    const run = await runClaudeCode(['-p', 'Say hello.', '--output-format', 'json'], {
      cwd, env: { ...env, ANTHROPIC_AUTH_TOKEN: key, ANTHROPIC_MODEL: model }, timeoutMs: RUN_TIMEOUT_MS,
    });
    assert.equal(run.exitCode, 0, describeRun(run));
    assert.deepEqual({ is_error: run.result?.is_error, result: run.result?.result }, { is_error: false, result: GREETING }, describeRun(run));
    const sent = h.up.openai.requests.slice(before);
    assert.equal(sent.length, 1, 'one call, to the model ANTHROPIC_MODEL names');
    assert.equal(sent[0].body.model, 'gpt-upstream');
    assert.match(String(sent[0].headers.authorization), /^Bearer sk-openai-upstream/, 'the upstream’s own key goes upstream');
    assert.deepEqual(trap.hits, [], 'Claude Code reached no host but the gateway');
    await h.assertBilled(accountId, [expectCall('openai', usage, true)]);
  });
});
