// One conversation: its saved messages (a query), and the question being answered as it
// streams (state here, until the saved conversation holds its answer).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import type { BodyOf } from '../api/client';
import type { ConversationWithMessages } from '../api/types';
import { streamChat } from './api';
import { conversationQuery, conversationsChanged } from './queries';
import { applyEvent, isAnswered, newTurn, nextCheck, type Turn } from './turn';

/** What the chat endpoint takes: a question, in a conversation or a new one. */
export type ChatRequest = BodyOf<'/api/chat', 'post'>;

export interface ChatState {
  conversation?: ConversationWithMessages;
  /** The conversation could not be read. */
  loadError?: unknown;
  turn?: Turn;
  /** A request that failed, shown as an alert at the end of the conversation. */
  problem?: unknown;
  streaming: boolean;
  /** For screen readers: that the answer is finished or stopped, not every piece of it. */
  announcement: string;
  /** The saved question this turn replaces (edited or asked again): it and later ones hide. */
  replaces?: string;
  /** Asks; resolves false when the question was not saved (so the box gets it back). */
  send: (question: string, extra?: Extra) => Promise<boolean>;
  /** Asks the last question of the branch shown again, for another answer (a new branch). */
  regenerate: () => Promise<boolean>;
  /** Asks the question `messageId` again in new words (a new branch from there). */
  edit: (messageId: string, question: string) => Promise<boolean>;
  /** Stops following the answer; the server finishes and saves it all the same. */
  stop: () => void;
}

/** What a question may carry besides its text: attached documents, a new conversation's model. */
export type Extra = Pick<ChatRequest, 'attachments' | 'model'>;

/** The latest question asked here: in which conversation, and how it went. */
interface Asked {
  /** Each question gets the next number: updates from an older one's stream are dropped. */
  session: number;
  /** Undefined while a new conversation has no id yet. */
  conversationId?: string;
  turn?: Turn;
  problem?: unknown;
  replaces?: string;
}

/**
 * `collectionId`: answer from that collection only. The server does not keep it with the
 * conversation, so every question (asked, asked again, edited) carries it while it is picked.
 */
export function useChat(conversationId: string | undefined, collectionId?: string): ChatState {
  const client = useQueryClient();
  const [, navigate] = useLocation();
  const [asked, setAsked] = useState<Asked>();
  const [announcement, setAnnouncement] = useState('');
  const session = useRef(0);
  const stream = useRef<{ controller: AbortController; conversationId?: string }>(undefined);

  // Shown only in the conversation it was asked in, until the saved answer replaces it.
  const here = asked?.conversationId === conversationId ? asked : undefined;
  const streaming = here?.turn?.state === 'streaming';
  const saved = useQuery({
    ...conversationQuery(conversationId),
    // A question without its answer (one still being written, or stopped): read again until
    // the answer is saved. Not while it streams here: the stream brings it.
    refetchInterval: streaming ? false : (query) => nextCheck(query.state.data),
  });
  const userMessageId = here?.turn?.userMessageId;
  const answered =
    saved.data !== undefined &&
    userMessageId !== undefined &&
    isAnswered(saved.data, userMessageId);

  /** Stops following the stream under way; its later events change nothing here. */
  const leave = useCallback(() => {
    session.current++;
    stream.current?.controller.abort();
    stream.current = undefined;
  }, []);
  useEffect(() => leave, [leave]);
  // Another conversation chosen while an answer streams: it is no longer followed.
  useEffect(() => {
    if (stream.current && stream.current.conversationId !== conversationId) leave();
  }, [conversationId, leave]);

  /** Asks `request` (shown as `question`) and follows the answer; the turn of every way to ask. */
  const ask = useCallback(
    async (request: ChatRequest, question: string, replaces?: string) => {
      leave();
      const mine = session.current;
      const live = () => session.current === mine;
      const controller = new AbortController();
      stream.current = { controller, conversationId: request.conversationId };
      const change = (update: Omit<Asked, 'session'>) =>
        setAsked((now) => (now?.session === mine ? { ...now, ...update } : now));
      // Kept here as well as in state: the events update it in order, without stale closures.
      let current = newTurn(question);
      const show = (turn: Turn) => {
        current = turn;
        change({ turn });
      };
      setAsked({ session: mine, conversationId: request.conversationId, turn: current, replaces });
      setAnnouncement('');
      try {
        await streamChat(request, controller.signal, (event) => {
          if (!live()) return;
          show(applyEvent(current, event));
          if (event.type !== 'conversation') return;
          conversationsChanged(client);
          if (request.conversationId === undefined) {
            // A new conversation: the address moves to it, and the turn with it.
            stream.current = { controller, conversationId: event.conversationId };
            change({ conversationId: event.conversationId });
            navigate(`/chat/${event.conversationId}`, { replace: true });
          }
        });
      } catch (error) {
        if (controller.signal.aborted) show({ ...current, state: 'stopped' });
        else change({ problem: error });
      }
      if (live()) stream.current = undefined;
      const { conversationId: id, userMessageId: asked } = current;
      if (!id || !asked) {
        // Refused before it was saved (or stopped before the server said it was).
        change({ turn: undefined });
        if (live()) conversationsChanged(client);
        return false;
      }
      if (live() && current.state === 'stopped') setAnnouncement('Answer stopped');
      if (live() && current.state === 'ended' && current.error === undefined)
        setAnnouncement('Answer complete');
      if (current.state === 'ended')
        conversationsChanged(client, { titled: request.conversationId === undefined });
      // The saved answer replaces the turn once read (or, while it is still being written,
      // once a later read finds it: see refetchInterval above).
      const key = conversationQuery(id).queryKey;
      await client.invalidateQueries({ queryKey: key });
      // Saved: the turn is done with, and must not come back when another branch (without
      // that question) is shown.
      const read = client.getQueryData(key);
      if (read && isAnswered(read, asked)) change({ turn: undefined, replaces: undefined });
      return true;
    },
    [client, leave, navigate],
  );

  const scope = useMemo(() => (collectionId ? { collectionId } : {}), [collectionId]);
  const send = useCallback(
    (question: string, extra: Extra = {}) =>
      ask({ message: question, conversationId, ...scope, ...extra }, question),
    [ask, conversationId, scope],
  );
  const messages = saved.data?.messages;
  const regenerate = useCallback(async () => {
    const last = messages?.findLast((m) => m.role === 'user');
    if (!last || conversationId === undefined) return false;
    return ask({ conversationId, regenerate: true, ...scope }, last.content, last.id);
  }, [ask, conversationId, messages, scope]);
  const edit = useCallback(
    (messageId: string, question: string) =>
      ask(
        { conversationId, editMessageId: messageId, message: question, ...scope },
        question,
        messageId,
      ),
    [ask, conversationId, scope],
  );
  const stop = useCallback(() => stream.current?.controller.abort(), []);

  return {
    conversation: saved.data,
    loadError: saved.error ?? undefined,
    turn: answered ? undefined : here?.turn,
    problem: answered ? undefined : here?.problem,
    streaming,
    announcement,
    replaces: answered ? undefined : here?.replaces,
    send,
    regenerate,
    edit,
    stop,
  };
}
