// A scripted OpenAI-compatible server, started by the tests on 127.0.0.1. It STANDS IN FOR A
// REAL MODEL PROVIDER (no AI service is reachable here): it answers the same HTTP API, with
// deterministic embeddings, chat completions played from a script (streamed text, tool calls
// with their arguments in pieces, a mid-stream error, a cut connection, a hang), and can be
// told to fail the next requests. It understands nothing: every answer is written by the test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashEmbedding } from '../../src/llm/hash-embedding.js';

/** One thing the scripted model does in a response, in order. */
export type ScriptStep =
  /** Text, streamed in a few deltas. */
  | { text: string }
  /** A tool call; its JSON arguments are streamed in pieces. */
  | { toolCall: { name: string; arguments: unknown; id?: string } }
  /** An error chunk in OpenAI's format, then the stream ends. */
  | { error: string }
  /** The connection is cut, with no finish. */
  | { drop: true }
  /** Nothing more is sent, and the response never ends (until the client gives up). */
  | { hang: true }
  /** A pause before the next step. */
  | { delayMs: number };

/**
 * The scripted answer to one chat completion request; a function writes it from the request
 * (e.g. to cite the source number the server gave a passage).
 */
export type ScriptTurn = ScriptStep[] | ((request: ChatCompletionRequest) => ScriptStep[]);

export interface ChatCompletionRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters: unknown } }[];
}

/** The settings that make Docket's chat use `provider` (its model, with a key). */
export const chatEnvOf = (provider: Pick<ScriptedOpenAI, 'baseUrl'>) => ({
  CHAT_PROVIDER: 'openai',
  CHAT_BASE_URL: provider.baseUrl,
  CHAT_MODEL: 'scripted-chat',
  CHAT_API_KEY: 'sk-scripted',
});

export interface ScriptedOpenAI {
  baseUrl: string;
  requests: { path: string; body: unknown; authorization?: string }[];
  /** The next `count` requests (those `only` picks, if given) answer this HTTP status. */
  failNext(
    count: number,
    status?: number,
    only?: (path: string, body: { stream?: boolean }) => boolean,
  ): void;
  /** Answers for the next streamed chat completion requests: one turn per request, in order. */
  scriptChat(...turns: ScriptTurn[]): void;
  /**
   * Answers for the next non-streamed chat completion requests (the conversation titles),
   * in order; without one, such a request fails with 500.
   */
  scriptCompletion(...turns: ScriptTurn[]): void;
  /** The chat completion requests received so far. */
  chatRequests(): ChatCompletionRequest[];
  /** Streamed answers still being sent (a hang lasts until the client gives up). */
  openStreams(): number;
  close(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits a string into `count` pieces of about the same size. */
function pieces(text: string, count: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / count));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

let sequence = 0;

async function streamTurn(
  turn: ScriptStep[],
  model: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const id = `chatcmpl-${++sequence}`;
  const created = Math.floor(Date.now() / 1000);
  const send = (value: unknown) => response.write(`data: ${JSON.stringify(value)}\n\n`);
  const chunk = (delta: object, finishReason: string | null = null) =>
    send({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  chunk({ role: 'assistant', content: '' });
  let toolIndex = 0;
  for (const step of turn) {
    if ('delayMs' in step) await sleep(step.delayMs);
    else if ('text' in step) {
      for (const piece of pieces(step.text, 3)) {
        chunk({ content: piece });
        await sleep(5);
      }
    } else if ('toolCall' in step) {
      const index = toolIndex++;
      const callId = step.toolCall.id ?? `call_${sequence}_${index}`;
      chunk({
        tool_calls: [
          {
            index,
            id: callId,
            type: 'function',
            function: { name: step.toolCall.name, arguments: '' },
          },
        ],
      });
      for (const piece of pieces(JSON.stringify(step.toolCall.arguments), 3)) {
        chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
        await sleep(5);
      }
    } else if ('error' in step) {
      send({ error: { message: step.error, type: 'server_error', code: 'scripted' } });
      response.end();
      return;
    } else if ('drop' in step) {
      response.socket?.destroy();
      return;
    } else if ('hang' in step) {
      // Until the client gives up (it may have already).
      if (!request.socket.destroyed)
        await new Promise((resolve) => request.socket.once('close', resolve));
      return;
    }
  }
  chunk({}, toolIndex > 0 ? 'tool_calls' : 'stop');
  send({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  });
  response.end('data: [DONE]\n\n');
}

function completeTurn(turn: ScriptStep[], model: string, response: ServerResponse) {
  const failure = turn.find((step): step is { error: string } => 'error' in step);
  if (failure) {
    response.statusCode = 500;
    response.end(JSON.stringify({ error: { message: failure.error, type: 'server_error' } }));
    return;
  }
  const text = turn.map((step) => ('text' in step ? step.text : '')).join('');
  const calls = turn.flatMap((step, index) =>
    'toolCall' in step
      ? [
          {
            id: step.toolCall.id ?? `call_${index}`,
            type: 'function',
            function: {
              name: step.toolCall.name,
              arguments: JSON.stringify(step.toolCall.arguments),
            },
          },
        ]
      : [],
  );
  response.end(
    JSON.stringify({
      id: `chatcmpl-${++sequence}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text,
            ...(calls.length ? { tool_calls: calls } : {}),
          },
          finish_reason: calls.length ? 'tool_calls' : 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  );
}

export async function startScriptedOpenAI(): Promise<ScriptedOpenAI> {
  const requests: ScriptedOpenAI['requests'] = [];
  const turns: ScriptTurn[] = [];
  const completions: ScriptTurn[] = [];
  let streaming = 0;
  let failures: {
    count: number;
    status: number;
    only?: (path: string, body: { stream?: boolean }) => boolean;
  } = { count: 0, status: 500 };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = (await readJson(request)) as {
        input?: string | string[];
        dimensions?: number;
        model?: string;
        stream?: boolean;
      };
      requests.push({
        path: request.url ?? '',
        body,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      });
      response.setHeader('content-type', 'application/json');
      if (failures.count > 0 && (failures.only?.(request.url ?? '', body) ?? true)) {
        failures.count -= 1;
        response.statusCode = failures.status;
        response.end(
          JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }),
        );
        return;
      }
      if (request.url?.endsWith('/embeddings')) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
        const dimensions = body.dimensions ?? 64;
        response.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            data: inputs.map((text, index) => ({
              object: 'embedding',
              index,
              embedding: hashEmbedding(text, dimensions),
            })),
            usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
          }),
        );
        return;
      }
      if (request.url?.endsWith('/chat/completions')) {
        const next = body.stream ? turns.shift() : completions.shift();
        const turn = typeof next === 'function' ? next(body as ChatCompletionRequest) : next;
        if (!turn) {
          response.statusCode = 500;
          response.end(
            JSON.stringify({ error: { message: 'the test scripted no answer for this request' } }),
          );
          return;
        }
        if (body.stream) {
          streaming += 1;
          await streamTurn(turn, body.model ?? 'scripted', request, response).finally(
            () => (streaming -= 1),
          );
        } else completeTurn(turn, body.model ?? 'scripted', response);
        return;
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ error: { message: `no script for ${request.url}` } }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(count, status = 500, only) {
      failures = { count, status, only };
    },
    scriptChat(...next) {
      turns.push(...next);
    },
    scriptCompletion(...next) {
      completions.push(...next);
    },
    openStreams: () => streaming,
    chatRequests: () =>
      requests
        .filter((r) => r.path.endsWith('/chat/completions'))
        .map((r) => r.body as ChatCompletionRequest),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
