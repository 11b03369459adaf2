// The question being answered, as its events stream in; replaced by the saved messages once
// the server has saved the answer.
import type {
  AttachmentProgress,
  ChatEvent,
  Citation,
  ConversationWithMessages,
  ToolCallRecord,
} from '../api/types';

export interface Turn {
  question: string;
  /** Known from the `conversation` event on: the question is saved. */
  conversationId?: string;
  userMessageId?: string;
  answer: string;
  toolCalls: ToolCallRecord[];
  citations: Citation[];
  /** The attached documents being read before the answer starts, as the stream reports them. */
  attachments: AttachmentProgress[];
  /** `ended`: done or error arrived; `stopped`: the reader stopped following it. */
  state: 'streaming' | 'ended' | 'stopped';
  /** The `error` event's message: the answer failed. */
  error?: string;
}

export const newTurn = (question: string): Turn => ({
  question,
  answer: '',
  toolCalls: [],
  citations: [],
  attachments: [],
  state: 'streaming',
});

export function applyEvent(turn: Turn, event: ChatEvent): Turn {
  switch (event.type) {
    case 'conversation':
      return {
        ...turn,
        conversationId: event.conversationId,
        userMessageId: event.userMessageId,
      };
    case 'text':
      return { ...turn, answer: turn.answer + event.text };
    case 'tool-call':
      return {
        ...turn,
        toolCalls: [...turn.toolCalls, { id: event.id, name: event.name, input: event.input }],
      };
    case 'tool-result':
      return {
        ...turn,
        toolCalls: turn.toolCalls.map((call) =>
          call.id === event.id ? { ...call, output: event.output, error: event.error } : call,
        ),
      };
    case 'citations':
      return { ...turn, citations: event.citations };
    case 'attachment': {
      const { attachment } = event;
      const others = turn.attachments.filter((a) => a.documentId !== attachment.documentId);
      return { ...turn, attachments: [...others, attachment] };
    }
    case 'done':
      return { ...turn, state: 'ended' };
    case 'error':
      return { ...turn, state: 'ended', error: event.message };
  }
}

/** Whether the saved conversation holds the answer to the question `userMessageId`. */
export function isAnswered(conversation: ConversationWithMessages, userMessageId: string) {
  const question = conversation.messages.findIndex((m) => m.id === userMessageId);
  return (
    question !== -1 && conversation.messages.slice(question + 1).some((m) => m.role === 'assistant')
  );
}

/**
 * After a stop or a lost connection the server still finishes and saves the answer, within
 * about a minute (the default CHAT_TIMEOUT_MS): a conversation whose last message is a
 * question is read again after these pauses (ms), the first read after the first pause.
 */
export const SAVED_ANSWER_PAUSES = [1000, 2000, 4000, 8000, 15000, 30000];

/** When each question was first seen without its answer, by message id. */
const waitingSince = new Map<string, number>();

/**
 * How long to wait before reading the conversation again (false: no need, or waited long
 * enough): the pauses grow with the time its last question has been waiting for an answer.
 */
export function nextCheck(
  conversation: ConversationWithMessages | undefined,
  now = Date.now(),
): number | false {
  const last = conversation?.messages.at(-1);
  if (last?.role !== 'user') return false;
  const since = waitingSince.get(last.id) ?? now;
  waitingSince.set(last.id, since);
  let elapsed = 0;
  for (const pause of SAVED_ANSWER_PAUSES) {
    elapsed += pause;
    if (now - since < elapsed) return pause;
  }
  return false;
}
