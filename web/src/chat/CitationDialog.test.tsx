import { render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Citation } from '../api/types';
import { CitationDialog } from './CitationDialog';
import { Markdown } from './markdown';

const citation = (index: number, extra: Partial<Citation> = {}): Citation => ({
  index,
  documentId: `d${index}`,
  chunkId: `c${index}`,
  title: 'Lighthouse manual',
  text: 'The keeper polishes the brass lens with walnut oil every Tuesday.',
  ...extra,
});

beforeEach(() => {
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
});

describe('citations in an answer', () => {
  it('shows a citation its passage does not support as such, and a checked one as usual', () => {
    render(
      <Markdown
        text="The lens is polished on Tuesdays [1]. The lamp burns whale oil [2]."
        citations={[
          citation(1, { supported: true, support: 0.8 }),
          citation(2, { supported: false, support: 0.1, page: 3 }),
        ]}
      />,
    );
    const supported = screen.getByRole('button', { name: 'Citation 1: Lighthouse manual' });
    expect(supported.className).toBe('citation');
    const unsupported = screen.getByRole('button', {
      name: 'Citation 2: Lighthouse manual, page 3, not supported by the passage',
    });
    expect(unsupported.className).toContain('citation-unsupported');
    expect(unsupported.title).toMatch(/does not seem to support/);
  });

  it("explains an unsupported citation in its dialog, says OCR, and links to the passage's place", () => {
    render(
      <CitationDialog
        citation={citation(2, {
          supported: false,
          support: 0.12,
          ocr: true,
          page: 3,
          charStart: 120,
          charEnd: 184,
          anchor: 'brass',
        })}
        onClose={() => {}}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Lighthouse manual' });
    const note = within(dialog).getByRole('note');
    expect(note.textContent).toMatch(/^Not supported: .*\(12% of its words\)/);
    expect(within(dialog).getByText('OCR').className).toBe('badge');
    expect(within(dialog).getByText(/Read by OCR/)).toBeTruthy();
    const open = within(dialog).getByRole('link', { name: 'Open the document at this passage' });
    expect(open.getAttribute('href')).toBe(
      '/documents/d2/view?from=120&to=184&page=3&anchor=brass',
    );
  });

  it('says nothing of support or OCR for a citation that was not checked or read by OCR', () => {
    render(<CitationDialog citation={citation(1)} onClose={() => {}} />);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByRole('note')).toBeNull();
    expect(within(dialog).queryByText('OCR')).toBeNull();
    // No position kept (an older document): the document opens at its start.
    expect(within(dialog).getByRole('link').getAttribute('href')).toBe('/documents/d1/view');
  });
});
