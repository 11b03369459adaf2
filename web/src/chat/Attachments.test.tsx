// Attaching a file to a question: uploaded as a document, followed while it is read, its id
// sent with the question, and the reading reported while the answer waits for it.
import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ID, pageRoutes, QUESTION, renderChat, conversation, message } from '../../test/chat';
import { eventStream, fakeApi, json } from '../../test/fakeApi';

// XMLHttpRequest (for upload progress) is not fetch: the upload itself is faked here; the
// server's side of it is in the documents tests and the browser journey.
vi.mock('../documents/upload', () => ({
  uploadFile: vi.fn((_file: File, onProgress: (share: number) => void) => {
    onProgress(0.5);
    return Promise.resolve({ id: 'd9', title: 'report.txt', status: 'queued' });
  }),
}));

beforeEach(() => {
  vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
});

describe('attachments', () => {
  it('uploads a file, shows it being read, and asks about it', async () => {
    let status = 'processing';
    let stream: ReturnType<typeof eventStream> | undefined;
    const api = fakeApi({
      ...pageRoutes(() => []),
      'GET /api/documents/:id': () =>
        json({ id: 'd9', title: 'report.txt', status, progress: 40, error: null }),
      'POST /api/chat': ({ signal }) => {
        stream = eventStream(signal);
        return stream.response;
      },
      'GET /api/conversations/:id': () =>
        json(
          conversation('Report', [
            message('user', QUESTION, {
              id: 'u1',
              attachments: [{ documentId: 'd9', title: 'report.txt' }],
            }),
          ]),
        ),
    });
    const { user } = renderChat('/chat');
    const file = new File(['The keeper polishes the lens.'], 'report.txt', { type: 'text/plain' });
    await user.upload(screen.getByLabelText('Attach a file'), file);
    const attached = await screen.findByRole('list', {
      name: 'Files attached to the next question',
    });
    await waitFor(() => expect(attached.textContent).toContain('Processing 40%'));
    status = 'ready';
    await waitFor(() => expect(attached.textContent).toContain('Ready'), { timeout: 5000 });

    await user.type(screen.getByLabelText('Message'), `${QUESTION}{Enter}`);
    await waitFor(() => expect(stream).toBeDefined());
    expect(api.callsTo('POST /api/chat')[0]!.body).toEqual({
      message: QUESTION,
      attachments: ['d9'],
    });
    stream!.event('conversation', { conversationId: ID, userMessageId: 'u1' });
    stream!.event('attachment', {
      attachment: { documentId: 'd9', title: 'report.txt', status: 'processing', progress: 70 },
    });
    const reading = await screen.findByRole('list', { name: 'Reading the attached documents' });
    expect(reading.textContent).toBe('report.txt — being read (70 %)');
    stream!.event('done', { conversationId: ID, messageId: 'a1' });
    stream!.end();
    // Sent with the question: the next one starts without it.
    await waitFor(() =>
      expect(
        screen.queryByRole('list', { name: 'Files attached to the next question' }),
      ).toBeNull(),
    );
  });

  it('says why an upload failed, and a removed file is not sent', async () => {
    const { uploadFile } = await import('../documents/upload');
    vi.mocked(uploadFile).mockRejectedValueOnce(
      new Error('That is larger than this server accepts'),
    );
    fakeApi(pageRoutes(() => []));
    const { user } = renderChat('/chat');
    await user.upload(screen.getByLabelText('Attach a file'), new File(['x'], 'big.pdf'));
    expect(
      await screen.findByText('Upload failed: That is larger than this server accepts'),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove big.pdf' }));
    expect(screen.queryByText(/big\.pdf/)).toBeNull();
  });
});
