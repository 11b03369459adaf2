// A conversation as a file: the branch it shows, as Markdown to read or JSON to process, its
// citations included (each with the passage it quotes), downloaded under a safe name.
import { attachmentDisposition, safeFileName } from '../../lib/content-disposition.js';
import type { Citation } from './events.js';
import type { ConversationWithMessagesView, ExportFormat, MessageView } from './schemas.js';

const quoted = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');

/** A citation as a numbered source: where the passage is, then the passage itself. */
export function sourceLine(c: Citation): string {
  const where = [c.heading, c.page === undefined ? undefined : `page ${c.page}`]
    .filter(Boolean)
    .join(', ');
  return `[${c.index}] ${c.title}${where ? ` (${where})` : ''}`;
}

function messageMarkdown(m: MessageView): string {
  const who = m.role === 'user' ? 'You' : `Assistant${m.model ? ` (${m.model})` : ''}`;
  const parts = [`## ${who}`, '', m.content.trim() || '_(no text)_'];
  if (m.attachments.length > 0)
    parts.push('', `Attached: ${m.attachments.map((a) => a.title).join(', ')}`);
  if (m.status === 'error') parts.push('', `_This answer failed: ${m.error ?? 'unknown error'}_`);
  if (m.toolCalls.length > 0)
    parts.push(
      '',
      'Tools called:',
      '',
      ...m.toolCalls.map(
        (call) => `- \`${call.name}\`${call.error === undefined ? '' : `: ${call.error}`}`,
      ),
    );
  if (m.citations.length > 0)
    parts.push(
      '',
      'Sources:',
      '',
      ...m.citations.flatMap((c) => [sourceLine(c), '', quoted(c.text), '']),
    );
  return parts.join('\n').trimEnd();
}

export function conversationMarkdown(
  conversation: ConversationWithMessagesView,
  exportedAt: Date,
): string {
  return [
    `# ${conversation.title.replace(/\s+/g, ' ')}`,
    '',
    `_Exported from Docket on ${exportedAt.toISOString()}. Started ${conversation.createdAt}._`,
    '',
    ...conversation.messages.map((m) => `${messageMarkdown(m)}\n`),
  ].join('\n');
}

const TYPES: Record<ExportFormat, { type: string; extension: string }> = {
  markdown: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
};

/** The download's headers: a file named after the conversation, never shown as a page. */
export function exportHeaders(title: string, format: ExportFormat): Record<string, string> {
  const { type, extension } = TYPES[format];
  const name = safeFileName(title.replace(/[/\\]/g, ' '), 'conversation');
  return {
    'content-type': type,
    'content-disposition': attachmentDisposition(`${name}.${extension}`),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-cache',
  };
}
