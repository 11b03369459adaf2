import { useEffect, useState } from 'react';
import type { Settings } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { getSettings } from './api';
import { ProvidersSection } from './ProvidersSection';
import { TokensSection } from './TokensSection';
import './settings.css';

export function SettingsPage() {
  const [settings, setSettings] = useState<Settings>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    getSettings().then(setSettings, setError);
  }, []);

  return (
    <div className="settings">
      <h1>Settings</h1>
      <TokensSection />
      <ErrorNotice error={error} />
      {settings && <ProvidersSection settings={settings} />}
    </div>
  );
}
