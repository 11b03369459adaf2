import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../ui/ErrorNotice';
import { McpServersSection } from './McpServersSection';
import { ProvidersSection } from './ProvidersSection';
import { settingsQuery } from './queries';
import { TokensSection } from './TokensSection';
import './settings.css';

export function SettingsPage() {
  const { data: settings, error } = useQuery(settingsQuery);
  return (
    <div className="settings">
      <h1>Settings</h1>
      <TokensSection />
      <ErrorNotice error={error ?? undefined} />
      {settings && <ProvidersSection settings={settings} />}
      <McpServersSection />
    </div>
  );
}
