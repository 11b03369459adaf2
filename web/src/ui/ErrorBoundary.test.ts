// React runs error boundaries only when it renders in a browser (renderToStaticMarkup throws
// past them), so this drives the boundary's two steps as React does: the error becomes state,
// then render shows the fallback.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

function Failing(): never {
  throw new RangeError('Maximum call stack size exceeded');
}

describe('ErrorBoundary', () => {
  it('renders its children while nothing failed', () => {
    const boundary = new ErrorBoundary({ fallback: 'plain text', children: 'formatted' });
    expect(renderToStaticMarkup(boundary.render())).toBe('formatted');
  });

  it('shows its fallback, not its children, once a child has thrown', () => {
    const children = createElement(Failing);
    expect(() => renderToStaticMarkup(children)).toThrow(RangeError);
    const fallback = createElement('p', null, 'plain text');
    const boundary = new ErrorBoundary({ fallback, children });
    boundary.state = ErrorBoundary.getDerivedStateFromError();
    expect(renderToStaticMarkup(boundary.render())).toBe('<p>plain text</p>');
  });
});
