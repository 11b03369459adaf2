// A small parser for server-sent events (the text/event-stream format): it takes the stream
// as text in chunks split anywhere, and reports each complete event once its blank line arrives.

export interface ServerSentEvent {
  /** The `event:` field; "message" when there is none. */
  event: string;
  /** The `data:` lines, joined with line feeds. */
  data: string;
}

export interface SseParser {
  /** Feeds the next piece of the stream. An event is reported once its blank line arrives, so
   * an event cut off by the end of the stream is never reported, as the format says. */
  push(chunk: string): void;
}

export function createSseParser(onEvent: (event: ServerSentEvent) => void): SseParser {
  let buffer = '';
  // A chunk that ended with \r: a \n starting the next one belongs to the same line end.
  let skipLineFeed = false;
  let event = '';
  let data: string[] = [];

  function dispatch() {
    if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n') });
    event = '';
    data = [];
  }

  function line(text: string) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    // id and retry are not used by this app; unknown fields are ignored, as the format says.
  }

  return {
    push(chunk) {
      if (skipLineFeed && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLineFeed = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 === buffer.length) skipLineFeed = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
