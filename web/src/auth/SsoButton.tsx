import { useMutation, useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../ui/ErrorNotice';
import { startSso } from './api';
import { ssoQuery } from './queries';

/** Single sign-on, when the server has an OpenID provider: the browser goes there and back. */
export function SsoButton() {
  const { data: sso, error } = useQuery(ssoQuery);
  const start = useMutation({
    mutationFn: startSso,
    onSuccess: ({ url }) => window.location.assign(url),
  });

  if (!sso?.enabled || !sso.provider) return <ErrorNotice error={error ?? undefined} />;
  const provider = sso.provider;
  return (
    <div className="sso">
      <button
        type="button"
        // Still busy once it succeeded: the browser is on its way to the provider.
        disabled={start.isPending || start.isSuccess}
        onClick={() => start.mutate(provider)}
      >
        {sso.label}
      </button>
      <ErrorNotice error={start.error ?? undefined} />
      <p className="or">or with a password</p>
    </div>
  );
}
