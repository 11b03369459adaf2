/** Shown when the server has no language model (CHAT_PROVIDER=offline, the default). */
export function OfflineNote() {
  return (
    <div className="notice chat-offline" role="status">
      <p>
        <strong>No language model is configured on this server.</strong> Answers quote the passages
        from your documents that best match your question, and cannot act on your tasks. To have a
        model answer, set <code>CHAT_PROVIDER=openai</code> with <code>CHAT_BASE_URL</code> and{' '}
        <code>CHAT_MODEL</code> (see <code>docs/chat.md</code>).
      </p>
    </div>
  );
}
