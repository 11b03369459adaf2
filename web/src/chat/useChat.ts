// One conversation: its saved messages, and the question being answered as it streams.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationWithMessages } from '../api/types';
import { navigate } from '../app/router';
import { getConversation, streamChat } from './api';
import { applyEvent, isAnswered, newTurn, type Turn } from './turn';

/**
 * After a stop or a lost connection the server still finishes and saves the answer: the
 * conversation is read again after these pauses (ms) until it is there (about a minute, the
 * default CHAT_TIMEOUT_MS).
 */
const SAVED_ANSWER_CHECKS = [0, 1000, 2000, 4000, 8000, 15000, 30000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChatState {
  conversation?: ConversationWithMessages;
  /** The conversation could not be read. */
  loadError?: unknown;
  turn?: Turn;
  /** A request that failed, shown as an alert at the end of the conversation. */
  problem?: unknown;
  streaming: boolean;
  /** Asks; resolves false when the question was not saved (so the box gets it back). */
  send: (question: string) => Promise<boolean>;
  /** Stops following the answer; the server finishes and saves it all the same. */
  stop: () => void;
}

/**
 * @param onActivity called when the conversation list changed (a conversation started, an
 *   answer saved); `titled` when the server may soon give a new conversation its title.
 */
export function useChat(
  conversationId: string | undefined,
  onActivity: (titled?: boolean) => void,
): ChatState {
  const [conversation, setConversation] = useState<ConversationWithMessages>();
  const [loadError, setLoadError] = useState<unknown>();
  const [turn, setTurn] = useState<Turn>();
  const [problem, setProblem] = useState<unknown>();
  // Each question and each change of conversation starts a session; callbacks of an older
  // one (a stream, a re-read) then do nothing.
  const session = useRef(0);
  const stream = useRef<AbortController>(undefined);
  // The conversation a new question's stream moved the address to: not to be loaded again.
  const movedTo = useRef<string>(undefined);

  const leave = useCallback(() => {
    session.current++;
    stream.current?.abort();
    stream.current = undefined;
  }, []);
  useEffect(() => leave, [leave]);

  /** Reads the saved conversation until it holds the answer, then shows it in the turn's place. */
  const showSavedAnswer = useCallback(
    async (id: string, userMessageId: string, live: () => boolean, checks: number[]) => {
      for (const pause of checks) {
        await sleep(pause);
        if (!live()) return;
        try {
          const saved = await getConversation(id);
          if (!live()) return;
          setConversation(saved);
          if (isAnswered(saved, userMessageId)) {
            setTurn(undefined);
            setProblem(undefined);
            return;
          }
        } catch (error) {
          if (live()) setProblem(error);
          return;
        }
      }
    },
    [],
  );

  useEffect(() => {
    if (conversationId !== undefined && conversationId === movedTo.current) {
      movedTo.current = undefined;
      return;
    }
    leave();
    setTurn(undefined);
    setProblem(undefined);
    setLoadError(undefined);
    setConversation(undefined);
    if (!conversationId) return;
    const mine = session.current;
    const controller = new AbortController();
    getConversation(conversationId, controller.signal).then(
      (loaded) => {
        if (controller.signal.aborted) return;
        setConversation(loaded);
        // A question without its answer: one still being written (its reader left), or lost.
        const last = loaded.messages.at(-1);
        if (last?.role === 'user')
          void showSavedAnswer(
            conversationId,
            last.id,
            () => session.current === mine,
            SAVED_ANSWER_CHECKS.slice(1),
          );
      },
      (error) => {
        if (!controller.signal.aborted) setLoadError(error);
      },
    );
    return () => controller.abort();
  }, [conversationId, leave, showSavedAnswer]);

  const send = useCallback(
    async (question: string) => {
      leave();
      const mine = session.current;
      const live = () => session.current === mine;
      const controller = new AbortController();
      stream.current = controller;
      // Kept here as well as in state: the events update it in order, without stale closures.
      let current = newTurn(question);
      const update = (next: Turn) => {
        current = next;
        setTurn(next);
      };
      setProblem(undefined);
      update(current);
      try {
        await streamChat({ message: question, conversationId }, controller.signal, (event) => {
          if (!live()) return;
          update(applyEvent(current, event));
          if (event.type !== 'conversation') return;
          onActivity();
          if (conversationId === undefined) {
            movedTo.current = event.conversationId;
            navigate(`/chat/${event.conversationId}`, { replace: true });
          }
        });
      } catch (error) {
        if (live() && controller.signal.aborted) update({ ...current, state: 'stopped' });
        else if (live()) setProblem(error);
      }
      const { conversationId: id, userMessageId } = current;
      if (!live()) return userMessageId !== undefined;
      stream.current = undefined;
      if (!id || !userMessageId) {
        // Refused before it was saved (or stopped before the server said it was).
        setTurn(undefined);
        onActivity();
        return false;
      }
      const ended = current.state === 'ended';
      if (ended) onActivity(conversationId === undefined);
      await showSavedAnswer(id, userMessageId, live, ended ? [0] : SAVED_ANSWER_CHECKS);
      return true;
    },
    [conversationId, leave, onActivity, showSavedAnswer],
  );

  const stop = useCallback(() => stream.current?.abort(), []);

  return {
    conversation,
    loadError,
    turn,
    problem,
    streaming: turn?.state === 'streaming',
    send,
    stop,
  };
}
