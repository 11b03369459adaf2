import { describe, expect, it } from 'vitest';
import { createSseParser, type ServerSentEvent } from './sse';

/** Feeds the chunks in order and returns the events reported. */
function parse(...chunks: string[]): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  const parser = createSseParser((event) => events.push(event));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

const STREAM =
  'event: conversation\ndata: {"conversationId":"c1","userMessageId":"u1"}\n\n' +
  ': keep-alive\n\n' +
  'event: text\ndata: {"text":"Hello [1]"}\n\n' +
  'event: done\ndata: {"conversationId":"c1","messageId":"m1"}\n\n';

const EXPECTED: ServerSentEvent[] = [
  { event: 'conversation', data: '{"conversationId":"c1","userMessageId":"u1"}' },
  { event: 'text', data: '{"text":"Hello [1]"}' },
  { event: 'done', data: '{"conversationId":"c1","messageId":"m1"}' },
];

describe('createSseParser', () => {
  it('reports each event with its name and data, ignoring comment lines', () => {
    expect(parse(STREAM)).toEqual(EXPECTED);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(parse(...chunks)).toEqual(EXPECTED);
    }
    for (let cut = 0; cut <= STREAM.length; cut++)
      expect(parse(STREAM.slice(0, cut), STREAM.slice(cut))).toEqual(EXPECTED);
  });

  it('reports an event only once its blank line arrives', () => {
    const events: ServerSentEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    parser.push('event: text\ndata: {"text":"a"}\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toEqual([{ event: 'text', data: '{"text":"a"}' }]);
  });

  it('never reports an event the stream cut before its blank line', () => {
    expect(parse('event: text\ndata: {"text":"a"}\n\nevent: done\ndata: {}')).toEqual([
      { event: 'text', data: '{"text":"a"}' },
    ]);
  });

  it('joins data lines with line feeds and defaults the event name to message', () => {
    expect(parse('data: one\ndata: two\n\n')).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('takes the value after "field:" with or without one space, and a bare field name', () => {
    expect(parse('event:text\ndata:  two spaces\n\n', 'data\n\n')).toEqual([
      { event: 'text', data: ' two spaces' },
      { event: 'message', data: '' },
    ]);
  });

  it('ignores a block without data, and unknown fields', () => {
    expect(parse('event: ping\n\n', 'id: 7\nretry: 100\nevent: text\ndata: x\n\n')).toEqual([
      { event: 'text', data: 'x' },
    ]);
  });

  it('accepts CRLF and CR line ends, even when a CRLF is split between chunks', () => {
    expect(parse('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r')).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
    expect(parse('event: a\r', '\ndata: 1\r', '\n\r', '\n')).toEqual([{ event: 'a', data: '1' }]);
  });

  it('keeps the colons and text of the data as they are', () => {
    expect(parse('data: {"text":"a: b\\n\\nc"}\n\n')).toEqual([
      { event: 'message', data: '{"text":"a: b\\n\\nc"}' },
    ]);
  });
});
