// What chat sends over the wire: the streamed events and the citations and tool calls saved
// with a message. Types only, importing nothing, so the web app imports them as they are.

/** A passage an answer cites as [index]. */
export interface Citation {
  index: number;
  documentId: string;
  chunkId: string;
  title: string;
  page?: number;
  heading?: string;
  text: string;
  /** The passage was read by OCR (a scan or a picture). */
  ocr?: boolean;
  /** Where the passage is in the document's text (GET /api/documents/:id/text). */
  charStart?: number;
  charEnd?: number;
  /** Its heading's anchor in the original (an HTML id, a Markdown slug). */
  anchor?: string;
  /**
   * With a model: whether the passage supports the sentences that cite it (a lexical check,
   * citations.ts checkSupport), and the share of their words it has (0–1). Unsupported
   * citations are kept, flagged, so the reader sees them.
   */
  supported?: boolean;
  support?: number;
  /**
   * Re-checked when a saved answer is read: its reader can no longer read the document (it was
   * unshared or deleted), so its title, page, heading and text are left out.
   */
  withheld?: true;
}

/** A document attached to a question: the answer is searched in it only. */
export interface Attachment {
  documentId: string;
  title: string;
}

/** An attached document that is not read yet (queued or processing), or could not be (failed). */
export interface AttachmentProgress extends Attachment {
  status: 'queued' | 'processing' | 'ready' | 'failed';
  progress: number;
}

/** A tool the agent called during an answer, with its result or its error. */
export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  output?: unknown;
  error?: string;
}

/**
 * What a client sees, in order: conversation, then attachment (while attached documents are
 * being read), then text / tool-call / tool-result, then citations and done, or error.
 */
export type ChatEvent =
  | { type: 'conversation'; conversationId: string; userMessageId: string }
  | { type: 'attachment'; attachment: AttachmentProgress }
  | { type: 'text'; text: string }
  | { type: 'tool-call'; id: string; name: string; input: unknown }
  | { type: 'tool-result'; id: string; name: string; output?: unknown; error?: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'done'; conversationId: string; messageId: string }
  | {
      type: 'error';
      code: string;
      message: string;
      conversationId: string;
      messageId: string | null;
    };
