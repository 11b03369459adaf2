import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../api/types';
import { apiError, eventStream, fakeApi } from '../../test/fakeApi';
import { streamChat } from './api';

/** Streams a question whose answer arrives as these pieces of text; resolves with its events. */
async function eventsOf(...chunks: string[]) {
  const events: ChatEvent[] = [];
  fakeApi({
    'POST /api/chat': ({ signal }) => {
      const stream = eventStream(signal);
      for (const chunk of chunks) stream.write(chunk);
      stream.end();
      return stream.response;
    },
  });
  await streamChat({ message: 'Hello?' }, new AbortController().signal, (e) => events.push(e));
  return events;
}

const DONE = 'event: done\ndata: {"conversationId":"c","messageId":"m"}\n\n';

describe('streamChat', () => {
  it('reports each event once it is whole, however the stream is cut into pieces', async () => {
    const whole = `event: text\ndata: {"text":"a: b\\n\\nc"}\n\n${DONE}`;
    expect(await eventsOf(...whole)).toEqual([
      { type: 'text', text: 'a: b\n\nc' },
      { type: 'done', conversationId: 'c', messageId: 'm' },
    ]);
  });

  it('reads CRLF line ends, skips comments (keep-alives) and events it does not know', async () => {
    expect(
      await eventsOf(
        ': ping\r\n\r\nevent: later\r\ndata: {}\r\n\r\n',
        'event: text\r\ndata: {"text":"x"}\r\n\r\n',
        DONE,
      ),
    ).toEqual([
      { type: 'text', text: 'x' },
      { type: 'done', conversationId: 'c', messageId: 'm' },
    ]);
  });

  it('says the connection was lost when the stream ends before done or error', async () => {
    // The last event has no blank line after it: it never counts.
    await expect(
      eventsOf('event: text\ndata: {"text":"x"}\n\nevent: done\ndata: {}'),
    ).rejects.toThrow('The connection was lost before the answer was finished');
  });

  it('rejects with the API error when the question is refused', async () => {
    fakeApi({ 'POST /api/chat': () => apiError(400, 'BAD_REQUEST', 'message is too long') });
    await expect(
      streamChat({ message: 'x' }, new AbortController().signal, () => undefined),
    ).rejects.toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'message is too long' });
  });
});
