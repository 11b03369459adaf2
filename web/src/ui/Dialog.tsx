import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog: a native <dialog> opened with showModal (focus inside, the rest inert),
 * headed by its title, with Close. Escape closes it by itself; a click on the backdrop
 * (outside the content, on the dialog itself) closes it too; either way `onClose` tells the page.
 */
export function Dialog({
  title,
  onClose,
  className,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={headingId}
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) event.currentTarget.close();
      }}
    >
      <div className="dialog-content">
        <div className="dialog-head">
          <h2 id={headingId}>{title}</h2>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}
