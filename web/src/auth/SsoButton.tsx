import { useEffect, useState } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { ssoStatus, startSso, type Sso } from './api';

/** Single sign-on, when the server has an OpenID provider: the browser goes there and back. */
export function SsoButton() {
  const [sso, setSso] = useState<Sso>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    ssoStatus().then(setSso, setError);
  }, []);

  async function go(provider: string) {
    setBusy(true);
    setError(undefined);
    try {
      window.location.assign((await startSso(provider)).url);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  if (!sso?.enabled || !sso.provider) return <ErrorNotice error={error} />;
  const provider = sso.provider;
  return (
    <div className="sso">
      <button type="button" disabled={busy} onClick={() => void go(provider)}>
        {sso.label}
      </button>
      <ErrorNotice error={error} />
      <p className="or">or with a password</p>
    </div>
  );
}
