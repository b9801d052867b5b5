import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { ApiError } from '../api.ts';
import { useAuth } from '../auth.tsx';
import { ErrorBox } from '../components.tsx';
import { asApiError } from '../hooks.ts';

const DEMO_USERS: { username: string; who: string }[] = [
  { username: 'commissioner', who: 'Bedfordshire CCG (06F): a commissioner, may append variations' },
  { username: 'provider', who: 'Bedford Hospital NHS Trust (RC1): a provider, sees its own contracts' },
  { username: 'circle', who: 'Circle (ZCIRC): an independent provider and prime contractor' },
  { username: 'system', who: 'NHS England: the system view, reads everything' },
  { username: 'admin', who: 'Administrator' },
];
const DEMO_PASSWORD = 'concordat';

function destination(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('/sign-in') ? from : '/';
}

export function SignInPage() {
  const { user, signIn } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const to = destination(location.state);

  if (user) return <Navigate to={to} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(to, { replace: true });
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in" data-testid="page-sign-in">
      <h1>Sign in to Concordat</h1>
      {to !== '/' ? <p className="hint">Sign in to continue to <code>{to}</code>.</p> : null}
      <div className="two-col">
        <form className="panel" onSubmit={submit} noValidate data-testid="sign-in-form">
          {error ? <ErrorBox error={error} title="Could not sign you in" testId="sign-in-error" /> : null}
          <div className="field">
            <label htmlFor="username">Username</label>
            <input id="username" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </div>
          <button type="submit" className="button" disabled={busy} data-testid="sign-in-submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <section className="panel demo-users" aria-labelledby="demo-users-h" data-testid="demo-users">
          <h2 id="demo-users-h">Demo users</h2>
          <p>
            Every demo user's password is <code>{DEMO_PASSWORD}</code>. Choose one to fill in the form.
          </p>
          <ul>
            {DEMO_USERS.map((u) => (
              <li key={u.username}>
                <button
                  type="button"
                  className="link-button"
                  data-testid={`demo-${u.username}`}
                  onClick={() => {
                    setUsername(u.username);
                    setPassword(DEMO_PASSWORD);
                  }}
                >
                  {u.username}
                </button>{' '}
                — {u.who}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
