// The lifecycle of chat turns, kept out of the route: answers go on when their client leaves,
// so they are tracked here; on close they are ended (an error event, the answer saved with
// status error) and awaited, together with the titles that finished answers start.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { Tool } from '../../lib/tool.js';
import type { AgentDeps } from './agent.js';
import type { ChatEvent } from './events.js';
import { answerChat, titleFromFirstExchange, type ChatAnswer, type ChatTurn } from './service.js';

export interface ChatTurnsDeps {
  db: Db;
  config: Pick<Config, 'chat' | 'embeddings' | 'rerank'>;
  tools: readonly Tool[];
}

export interface ChatTurns {
  /** Answers a turn; then, in the background but tracked, titles a new conversation. */
  answer(
    logger: FastifyBaseLogger,
    turn: ChatTurn,
    emit: (event: ChatEvent) => void,
  ): Promise<ChatAnswer>;
  /** Ends the answers in flight and waits until nothing is left, titles included. */
  close(): Promise<void>;
}

export function createChatTurns({ db, config, tools }: ChatTurnsDeps): ChatTurns {
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };
  const agentDeps = (logger: FastifyBaseLogger): AgentDeps => ({
    db,
    search: { embeddings: config.embeddings, rerank: config.rerank, logger },
    chat: config.chat,
    tools,
    logger,
    shutdown: shutdown.signal,
  });

  return {
    answer: (logger, turn, emit) =>
      track(
        answerChat(agentDeps(logger), turn, emit).then((result) => {
          void track(titleFromFirstExchange(agentDeps(logger), turn, result));
          return result;
        }),
      ),
    async close() {
      shutdown.abort();
      // An answer that ends may start its title: wait until nothing is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
