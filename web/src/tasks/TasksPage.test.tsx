import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Task } from '../api/types';
import { apiError, fakeApi, json } from '../../test/fakeApi';
import { renderPage } from '../../test/render';
import { TasksPage } from './TasksPage';

let next = 0;
const task = (title: string, changes: Partial<Task> = {}): Task => ({
  id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
  title,
  notes: '',
  status: 'open',
  priority: 'normal',
  dueDate: null,
  tags: [],
  completedAt: null,
  createdAt: '2026-05-01T10:00:00.000Z',
  updatedAt: '2026-05-01T10:00:00.000Z',
  ...changes,
});

const item = (title: string) =>
  screen.getAllByRole('listitem').find((li) => within(li).queryByText(title, { exact: true }));

describe('the Tasks page', () => {
  it('lists the tasks, and pages further with Load more', async () => {
    const first = task('Renew the library card', { tags: ['errands'], priority: 'high' });
    const second = task('Water the ferns');
    const api = fakeApi({
      'GET /api/tasks': ({ query }) =>
        query.get('cursor') === 'c1'
          ? json({ items: [second], nextCursor: null })
          : json({ items: [first], nextCursor: 'c1' }),
    });
    const { user } = renderPage(<TasksPage />);
    expect(await screen.findByText('Renew the library card')).toBeTruthy();
    expect(screen.getByText('High priority')).toBeTruthy();
    expect(screen.getByText('errands')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Water the ferns')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.callsTo('GET /api/tasks').map((c) => c.query.get('cursor'))).toEqual([null, 'c1']);
  });

  it('adds a task first in the list, sending what the form says', async () => {
    const existing = task('Water the ferns');
    let saved: Task[] = [existing];
    const api = fakeApi({
      'GET /api/tasks': () => json({ items: saved, nextCursor: null }),
      'POST /api/tasks': ({ body }) => {
        const created = task((body as Task).title, body as Partial<Task>);
        saved = [created, ...saved];
        return json(created, 201);
      },
    });
    const { user } = renderPage(<TasksPage />);
    await screen.findByText('Water the ferns');
    await user.type(screen.getByLabelText('New task'), 'Renew the library card');
    await user.type(screen.getByLabelText('Tags'), 'errands, paperwork');
    await user.selectOptions(screen.getByLabelText('Priority'), 'high');
    await user.click(screen.getByRole('button', { name: 'Add task' }));
    await screen.findByText('Renew the library card');
    expect(api.callsTo('POST /api/tasks')[0]!.body).toEqual({
      title: 'Renew the library card',
      dueDate: null,
      tags: ['errands', 'paperwork'],
      priority: 'high',
    });
    const titles = screen.getAllByRole('listitem').map((li) => li.querySelector('.task-title'));
    expect(titles.filter(Boolean).map((t) => t!.textContent)).toEqual([
      'Renew the library card',
      'Water the ferns',
    ]);
    expect(document.activeElement).toBe(screen.getByLabelText('New task'));
  });

  it('shows a task done at once, and undoes it when the server refuses', async () => {
    let ferns = task('Water the ferns');
    let refuse = false;
    // Each answer waits until the test lets it go, to see the page before the server answers.
    let answer = () => undefined as void;
    fakeApi({
      'GET /api/tasks': () => json({ items: [ferns], nextCursor: null }),
      'PATCH /api/tasks/:id': async ({ body }) => {
        await new Promise<void>((resolve) => (answer = resolve));
        if (refuse) return apiError(500, 'INTERNAL', 'the database is not answering');
        ferns = { ...ferns, ...(body as Partial<Task>) };
        return json(ferns);
      },
    });
    const { user } = renderPage(<TasksPage />);
    const box = await screen.findByRole<HTMLInputElement>('checkbox', {
      name: 'Done: Water the ferns',
    });
    await user.click(box);
    expect(box.checked).toBe(true);
    answer();
    await waitFor(() =>
      expect(screen.getByText('Water the ferns').closest('.is-done')).toBeTruthy(),
    );

    refuse = true;
    await user.click(box);
    expect(box.checked).toBe(false);
    answer();
    expect((await screen.findByRole('alert')).textContent).toBe('The database is not answering');
    expect(box.checked).toBe(true);
  });

  it('asks the server for what the filters let through, and says when nothing matches', async () => {
    const api = fakeApi({
      'GET /api/tasks': ({ query }) =>
        json({
          items: query.get('status') === 'done' ? [] : [task('Water the ferns')],
          nextCursor: null,
        }),
    });
    const { user } = renderPage(<TasksPage />);
    await screen.findByText('Water the ferns');
    await user.selectOptions(screen.getByLabelText('Status'), 'done');
    expect(await screen.findByText(/No tasks match these filters/)).toBeTruthy();
    expect(api.callsTo('GET /api/tasks').at(-1)!.query.get('status')).toBe('done');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('Water the ferns')).toBeTruthy();
  });

  it('deletes a task after asking, then puts the focus on the list', async () => {
    let saved = [task('Water the ferns'), task('Renew the library card')];
    const api = fakeApi({
      'GET /api/tasks': () => json({ items: saved, nextCursor: null }),
      'DELETE /api/tasks/:id': ({ params }) => {
        saved = saved.filter((t) => t.id !== params.id);
        return json(undefined, 204);
      },
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    const { user } = renderPage(<TasksPage />);
    await user.click(await screen.findByRole('button', { name: 'Delete Water the ferns' }));
    await waitFor(() => expect(screen.queryByText('Water the ferns')).toBeNull());
    expect(confirm).toHaveBeenCalledWith('Delete the task “Water the ferns”?');
    expect(api.callsTo('DELETE /api/tasks/:id')).toHaveLength(1);
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your list' })),
    );
    expect(item('Renew the library card')).toBeTruthy();
  });
});
