// A part of a page that fails to render shows its fallback instead of taking the whole app
// down with it (React unmounts everything above an error no boundary catches). React offers
// this only as a class component.
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<
  { fallback: ReactNode; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    // Once failed it stays on the fallback, which its parent keeps up to date (an answer that
    // is still streaming goes on growing as plain text rather than failing again and again).
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
