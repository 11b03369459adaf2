import { exportUrl } from './api';

/** Downloads of the branch shown, with its citations (the server names the file). */
export function ExportLinks({ conversationId }: { conversationId: string }) {
  return (
    <p className="export-links">
      <a href={exportUrl(conversationId, 'markdown')} download>
        Export as Markdown
      </a>
      <a href={exportUrl(conversationId, 'json')} download>
        Export as JSON
      </a>
    </p>
  );
}
