import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationWithMessages } from '../api/types';
import { collection, page } from '../../test/collections';
import {
  answer,
  conversation,
  CITATION,
  ID,
  message,
  pageRoutes,
  QUESTION,
  renderChat,
} from '../../test/chat';
import { apiError, eventStream, fakeApi, json } from '../../test/fakeApi';
import { SAVED_ANSWER_PAUSES } from './turn';

beforeEach(() => {
  // jsdom lays nothing out: the page's keeping the newest message in view does nothing here.
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
});

describe('the chat page', () => {
  it('answers from the collection picked, or from everything', async () => {
    const harbour = collection('Harbour logs', { role: 'viewer' });
    const api = fakeApi({
      ...pageRoutes(() => []),
      'GET /api/collections': () => json(page([harbour])),
      'POST /api/chat': () => apiError(429, 'RATE_LIMITED', 'too many questions at once'),
    });
    const { user } = renderChat('/chat');
    const picker = await screen.findByLabelText('Answer from');
    await user.selectOptions(picker, 'Harbour logs');
    await user.type(screen.getByLabelText('Message'), `${QUESTION}{Enter}`);
    await waitFor(() =>
      expect(api.callsTo('POST /api/chat')[0]?.body).toEqual({
        message: QUESTION,
        collectionId: harbour.id,
      }),
    );
    await user.selectOptions(picker, 'All documents you may read');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(api.callsTo('POST /api/chat')[1]?.body).toEqual({ message: QUESTION }),
    );
  });

  it('streams an answer to a new conversation, moves to it, then shows the saved answer', async () => {
    let saved: ConversationWithMessages | undefined;
    let stream: ReturnType<typeof eventStream> | undefined;
    const api = fakeApi({
      ...pageRoutes(() => (saved ? [saved] : [])),
      'POST /api/chat': ({ signal }) => {
        stream = eventStream(signal);
        return stream.response;
      },
      'GET /api/conversations/:id': () => json(saved),
    });
    const { user } = renderChat('/chat');
    expect(await screen.findByText(/No conversations yet/)).toBeTruthy();
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      expect.stringMatching(/language model/),
    );

    await user.type(screen.getByLabelText('Message'), `${QUESTION}{Enter}`);
    await waitFor(() => expect(stream).toBeDefined());
    expect(api.callsTo('POST /api/chat')[0]!.body).toEqual({ message: QUESTION });
    saved = conversation('New conversation', [message('user', QUESTION, { id: 'u1' })]);
    stream!.event('conversation', { conversationId: ID, userMessageId: 'u1' });
    // An event split across chunks arrives whole.
    stream!.write('event: text\ndata: {"text":"Walnut oil, ');
    stream!.write('on the brass lens [1]."}\n\n');
    stream!.event('citations', { citations: [CITATION] });
    expect(await screen.findByText(/Walnut oil, on the brass lens/)).toBeTruthy();
    expect(window.location.pathname).toBe(`/chat/${ID}`);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();

    saved = conversation('Brass polishing', [message('user', QUESTION, { id: 'u1' }), answer]);
    stream!.event('done', { conversationId: ID, messageId: answer.id });
    stream!.end();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull());
    expect(await screen.findByRole('heading', { name: 'Brass polishing', level: 2 })).toBeTruthy();
    const conversations = screen.getByRole('navigation', { name: 'Conversations' });
    expect(
      await within(conversations).findByRole('link', { name: 'Brass polishing' }),
    ).toBeTruthy();
    // The Markdown renderer is a chunk of its own: the citation shows once it has loaded.
    const citation = await screen.findByRole(
      'button',
      { name: 'Citation 1: lighthouse notes' },
      { timeout: 10_000 },
    );
    expect(citation.textContent).toBe('[1]');
    expect(screen.getByText('Answer complete')).toBeTruthy();
    // The question shows once: the saved one replaced the one being answered.
    expect(screen.getAllByText(QUESTION)).toHaveLength(1);
  });

  it('gives the question back to the box when the server refuses it', async () => {
    fakeApi({
      ...pageRoutes(() => []),
      'POST /api/chat': () => apiError(429, 'RATE_LIMITED', 'too many questions at once'),
    });
    const { user } = renderChat('/chat');
    const box = screen.getByLabelText<HTMLTextAreaElement>('Message');
    await user.type(box, `${QUESTION}{Enter}`);
    expect((await screen.findByRole('alert')).textContent).toBe('Too many questions at once');
    await waitFor(() => expect(box.value).toBe(QUESTION));
    expect(window.location.pathname).toBe('/chat');
  });

  it('after Stop, reads the conversation again until the answer the server finished is saved', async () => {
    const question = message('user', QUESTION, { id: 'u1' });
    let saved = conversation('Brass polishing', []);
    const api = fakeApi({
      ...pageRoutes(() => [saved]),
      'POST /api/chat': ({ signal }) => {
        const stream = eventStream(signal);
        saved = conversation('Brass polishing', [question]);
        stream.event('conversation', { conversationId: ID, userMessageId: 'u1' });
        stream.event('text', { text: 'Walnut' });
        return stream.response;
      },
      'GET /api/conversations/:id': () => json(saved),
    });
    const { user } = renderChat(`/chat/${ID}`);
    await screen.findByRole('heading', { name: 'Brass polishing', level: 2 });
    await user.type(screen.getByLabelText('Message'), `${QUESTION}{Enter}`);
    await user.click(await screen.findByRole('button', { name: 'Stop' }));
    expect(await screen.findByText(/Stopped\. The server still finishes this answer/)).toBeTruthy();
    expect(screen.getByText('Answer stopped')).toBeTruthy();

    const reads = api.callsTo('GET /api/conversations/:id').length;
    saved = conversation('Brass polishing', [question, answer]);
    expect(
      await screen.findByText(/on the brass lens/, {}, { timeout: 2 * SAVED_ANSWER_PAUSES[0]! }),
    ).toBeTruthy();
    expect(api.callsTo('GET /api/conversations/:id').length).toBeGreaterThan(reads);
    expect(screen.queryByText(/Stopped\./)).toBeNull();
  });

  it('shows a saved conversation, and says when its last question has no answer yet', async () => {
    fakeApi({
      ...pageRoutes(() => [conversation('Brass polishing', [])]),
      'GET /api/conversations/:id': () =>
        json(conversation('Brass polishing', [message('user', QUESTION)])),
    });
    renderChat(`/chat/${ID}`);
    expect(await screen.findByText(QUESTION)).toBeTruthy();
    expect(screen.getByText(/No answer is saved for this question yet/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Brass polishing' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });
});
