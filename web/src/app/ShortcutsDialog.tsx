import { Dialog } from '../ui/Dialog';
import { shortcuts } from './shortcuts';

/** What the keyboard shortcuts do, opened with `?` or the Shortcuts button. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="shortcut-list">
        {shortcuts().map((shortcut) => (
          <div key={shortcut.action}>
            <dt>
              {shortcut.keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && ' + '}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{shortcut.description}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        In the message box, Enter sends and Shift+Enter adds a line; Escape closes a dialog.
      </p>
    </Dialog>
  );
}
