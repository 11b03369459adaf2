export function ChatPage({ conversationId }: { conversationId?: string }) {
  return <h1>Chat {conversationId}</h1>;
}
