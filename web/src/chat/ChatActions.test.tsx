// Regenerate, edit (kept as branches), copy, export and the model picker, on the chat page.
import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationWithMessages } from '../api/types';
import {
  answer,
  conversation,
  ID,
  message,
  pageRoutes,
  QUESTION,
  renderChat,
} from '../../test/chat';
import { eventStream, fakeApi, json, type Call } from '../../test/fakeApi';

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
});

const question = (id: string, text: string, siblingIds: string[]) =>
  message('user', text, { id, siblingIds });
const reply = (id: string, text: string, parentId: string, changes = {}) =>
  message('assistant', text, { id, parentId, siblingIds: [id], ...changes });

/** A chat route answering one question at once: conversation, text, done. */
const answering =
  (userMessageId: string, text: string, onAsk: (call: Call) => void) => (call: Call) => {
    const stream = eventStream(call.signal);
    onAsk(call);
    stream.event('conversation', { conversationId: ID, userMessageId });
    stream.event('text', { text });
    stream.event('citations', { citations: [] });
    stream.event('done', { conversationId: ID, messageId: `${userMessageId}-answer` });
    stream.end();
    return stream.response;
  };

const FIRST = [question('u1', QUESTION, ['u1']), reply('a1', 'The brass lens.', 'u1')];

describe('regenerate and branches', () => {
  it('asks the last question again, shows the new branch, and switches back to the first', async () => {
    let saved: ConversationWithMessages = conversation('Brass', FIRST);
    const second = [
      question('u2', QUESTION, ['u1', 'u2']),
      reply('a2', 'Walnut oil, every Tuesday.', 'u2'),
    ];
    const api = fakeApi({
      ...pageRoutes(() => [saved]),
      'GET /api/conversations/:id': () => json(saved),
      'POST /api/chat': answering('u2', 'Walnut oil, every Tuesday.', () => {
        saved = conversation('Brass', second);
      }),
      'PUT /api/conversations/:id/branch': ({ body }) => {
        expect(body).toEqual({ messageId: 'u1' });
        saved = conversation('Brass', [
          question('u1', QUESTION, ['u1', 'u2']),
          reply('a1', 'The brass lens.', 'u1'),
        ]);
        return json(saved);
      },
    });
    const { user } = renderChat(`/chat/${ID}`);
    await screen.findByText('The brass lens.', {}, { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    expect(api.callsTo('POST /api/chat')[0]!.body).toEqual({
      conversationId: ID,
      regenerate: true,
    });
    expect(await screen.findByText('Walnut oil, every Tuesday.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('The brass lens.')).toBeNull());

    const versions = await screen.findByRole('navigation', { name: 'Versions of this question' });
    expect(versions.textContent).toContain('2/2');
    await user.click(
      within(versions).getByRole('button', { name: 'Previous version of this question' }),
    );
    expect(await screen.findByText('The brass lens.')).toBeTruthy();
    expect(
      screen.getByRole('navigation', { name: 'Versions of this question' }).textContent,
    ).toContain('1/2');
    expect(screen.queryByText('Walnut oil, every Tuesday.')).toBeNull();
  });

  it('edits a question and asks it again from its place, the old turn hidden meanwhile', async () => {
    const saved: ConversationWithMessages = conversation('Brass', FIRST);
    const edited = 'What does the keeper oil?';
    const api = fakeApi({
      ...pageRoutes(() => [saved]),
      'GET /api/conversations/:id': () => json(saved),
      'POST /api/chat': ({ signal }) => {
        const stream = eventStream(signal);
        stream.event('conversation', { conversationId: ID, userMessageId: 'u2' });
        stream.event('text', { text: 'The hinges.' });
        // Left open: the answer is still being written.
        return stream.response;
      },
    });
    const { user } = renderChat(`/chat/${ID}`);
    await screen.findByText('The brass lens.', {}, { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: 'Edit' }));
    const box = screen.getByLabelText('Edit the question');
    await user.clear(box);
    await user.type(box, edited);
    await user.click(screen.getByRole('button', { name: 'Ask again' }));
    expect(api.callsTo('POST /api/chat')[0]!.body).toEqual({
      conversationId: ID,
      editMessageId: 'u1',
      message: edited,
    });
    expect(await screen.findByText('The hinges.')).toBeTruthy();
    expect(screen.getByText(edited)).toBeTruthy();
    // The question it replaces and its answer stay saved (a branch), not shown meanwhile.
    expect(screen.queryByText('The brass lens.')).toBeNull();
    expect(screen.queryByText(QUESTION)).toBeNull();
  });
});

describe('copy and export', () => {
  it('copies an answer’s text and offers the conversation as Markdown and JSON', async () => {
    fakeApi({
      ...pageRoutes(() => [conversation('Brass', FIRST)]),
      'GET /api/conversations/:id': () => json(conversation('Brass', [FIRST[0]!, answer])),
    });
    const { user } = renderChat(`/chat/${ID}`);
    await screen.findByRole('button', { name: 'Copy' }, { timeout: 10_000 });
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(answer.content);
    expect(screen.getByText('Copied')).toBeTruthy();

    const markdown = screen.getByRole('link', { name: 'Export as Markdown' });
    expect(markdown.getAttribute('href')).toBe(`/api/conversations/${ID}/export?format=markdown`);
    expect(markdown.hasAttribute('download')).toBe(true);
    expect(screen.getByRole('link', { name: 'Export as JSON' }).getAttribute('href')).toBe(
      `/api/conversations/${ID}/export?format=json`,
    );
  });
});

const MODELS = {
  provider: 'openai',
  defaultModel: 'fast',
  models: [
    { id: 'fast', label: 'Fast model', provider: 'openai', endpoint: null, model: 'f' },
    { id: 'smart', label: 'Smart model', provider: 'openai', endpoint: null, model: 's' },
    { id: 'offline', label: 'Offline', provider: 'offline', endpoint: null, model: null },
  ],
};

describe('the model picker', () => {
  it('is not shown with one model only', async () => {
    fakeApi(pageRoutes(() => []));
    renderChat('/chat');
    await screen.findByText(/No conversations yet/);
    expect(screen.queryByLabelText('Model')).toBeNull();
  });

  it('picks a saved conversation’s model, and shows which model wrote each answer', async () => {
    let saved = conversation('Brass', [
      FIRST[0]!,
      reply('a1', 'The brass lens.', 'u1', { model: 'fast' }),
    ]);
    const api = fakeApi({
      ...pageRoutes(() => [saved], MODELS),
      'GET /api/conversations/:id': () => json(saved),
      'PATCH /api/conversations/:id': ({ body }) => {
        saved = { ...saved, ...(body as object) };
        return json({ ...saved, messages: undefined });
      },
    });
    const { user } = renderChat(`/chat/${ID}`);
    expect(await screen.findByText('Answered by Fast model')).toBeTruthy();
    const picker = screen.getByLabelText<HTMLSelectElement>('Model');
    expect(picker.value).toBe('fast');
    await user.selectOptions(picker, 'Smart model');
    expect(api.callsTo('PATCH /api/conversations/:id')[0]!.body).toEqual({ model: 'smart' });
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLSelectElement>('Model').value).toBe('smart'),
    );
  });

  it('sends a new conversation’s model with its first question', async () => {
    const api = fakeApi({
      ...pageRoutes(() => [], MODELS),
      'POST /api/chat': answering('u1', 'Walnut oil.', () => undefined),
      'GET /api/conversations/:id': () => json(conversation('Brass', FIRST)),
    });
    const { user } = renderChat('/chat');
    await user.selectOptions(await screen.findByLabelText('Model'), 'Smart model');
    await user.type(screen.getByLabelText('Message'), `${QUESTION}{Enter}`);
    await waitFor(() => expect(api.callsTo('POST /api/chat')).toHaveLength(1));
    expect(api.callsTo('POST /api/chat')[0]!.body).toEqual({ message: QUESTION, model: 'smart' });
  });
});
