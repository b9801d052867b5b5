import { useState, type FormEvent } from 'react';
import { api, ApiError, type Role, type User } from '../api.ts';
import { useAuth, useUser } from '../auth.tsx';
import { Empty, ErrorBox, FieldError, invalidProps, Loading, type FieldLabels } from '../components.tsx';
import { label } from '../format.ts';
import { asApiError, useAsync } from '../hooks.ts';

// Users: the administrator manages every organisation's users; an organisation's user administrator
// (an ICB's, say) lists and creates its own organisation's, in the role its side has.

const PASSWORD_RULE = 'At least 10 characters. A few unrelated words make a password that is long and easy to remember.';
const ALL_ROLES: readonly Role[] = ['commissioner', 'provider', 'system', 'admin'];

const FIELDS: FieldLabels = {
  username: { label: 'User name', inputId: 'user-username' },
  displayName: { label: 'Name', inputId: 'user-display-name' },
  organisationCode: { label: 'Organisation', inputId: 'user-organisation' },
  role: { label: 'Role', inputId: 'user-role' },
  password: { label: 'Password', inputId: 'user-password' },
  managesUsers: { label: 'User administrator', inputId: 'user-manages' },
};

function NewUserForm({ onCreated }: { onCreated: (u: User) => void }) {
  const user = useUser();
  const { organisation } = useAuth();
  const everyOrganisation = user.youMay.manageEveryOrganisationsUsers;
  // An organisation's user administrator gives its side's role only (never system or administrator).
  const roles: readonly Role[] = everyOrganisation ? ALL_ROLES : [user.side === 'commissioner' ? 'commissioner' : 'provider'];
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationCode, setOrganisationCode] = useState(user.organisationCode);
  const [role, setRole] = useState<Role>(roles[0]!);
  const [password, setPassword] = useState('');
  const [managesUsers, setManagesUsers] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const created = await api.createUser({
        username: username.trim(), displayName: displayName.trim(), organisationCode: everyOrganisation ? organisationCode.trim().toUpperCase() : user.organisationCode,
        role, password, managesUsers,
      });
      setDone(`${created.displayName} (${created.username}) can now sign in as a ${label(created.role).toLowerCase()} of ${created.organisationCode}.`);
      setUsername('');
      setDisplayName('');
      setPassword('');
      setManagesUsers(false);
      onCreated(created);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="new-user-h" data-testid="new-user-panel">
      <h2 id="new-user-h">Create a user</h2>
      {done ? <p className="success" role="status" data-testid="user-created">{done}</p> : null}
      {error ? <ErrorBox error={error} title="The user was not created" testId="user-error" fields={FIELDS} /> : null}
      <form onSubmit={submit} noValidate data-testid="new-user-form">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="user-username">User name</label>
            <p className="hint" id="user-username-hint">What they sign in with: lower-case letters, digits and . _ -</p>
            <input id="user-username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby="user-username-hint" {...invalidProps(error, 'username')} />
            <FieldError error={error} field="username" />
          </div>
          <div className="field">
            <label htmlFor="user-display-name">Name</label>
            <p className="hint" id="user-display-name-hint">As others see it in histories, e.g. "BLMK ICB finance analyst".</p>
            <input id="user-display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} aria-describedby="user-display-name-hint" {...invalidProps(error, 'displayName')} />
            <FieldError error={error} field="displayName" />
          </div>
          <div className="field">
            <label htmlFor="user-organisation">Organisation</label>
            {everyOrganisation ? (
              <>
                <p className="hint" id="user-organisation-hint">Its ODS code, e.g. RC1.</p>
                <input id="user-organisation" value={organisationCode} onChange={(e) => setOrganisationCode(e.target.value)} aria-describedby="user-organisation-hint" {...invalidProps(error, 'organisationCode')} />
              </>
            ) : (
              <input id="user-organisation" value={`${organisation?.name ?? user.organisationCode} (${user.organisationCode})`} readOnly aria-describedby="user-organisation-hint" />
            )}
            {!everyOrganisation ? <p className="hint" id="user-organisation-hint">You create users of your own organisation only.</p> : null}
            <FieldError error={error} field="organisationCode" />
          </div>
          <div className="field">
            <label htmlFor="user-role">Role</label>
            <select id="user-role" value={role} onChange={(e) => setRole(e.target.value as Role)} {...invalidProps(error, 'role')}>
              {roles.map((r) => <option key={r} value={r}>{label(r)}</option>)}
            </select>
            <FieldError error={error} field="role" />
          </div>
          <div className="field">
            <label htmlFor="user-password">Password</label>
            <p className="hint" id="user-password-hint" data-testid="password-rule">{PASSWORD_RULE}</p>
            <input id="user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby="user-password-hint" {...invalidProps(error, 'password')} />
            <FieldError error={error} field="password" />
          </div>
          <div className="field">
            <span className="label" style={{ fontWeight: 600 }}>User administrator</span>
            <label className="checkbox" htmlFor="user-manages">
              <input id="user-manages" type="checkbox" checked={managesUsers} onChange={(e) => setManagesUsers(e.target.checked)} />
              May create and list the users of {everyOrganisation ? 'its own organisation' : 'your organisation'}
            </label>
            <FieldError error={error} field="managesUsers" />
          </div>
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="new-user-submit">{busy ? 'Creating…' : 'Create the user'}</button>
      </form>
    </section>
  );
}

export function UsersPage() {
  const user = useUser();
  const { organisation } = useAuth();
  const users = useAsync(() => (user.youMay.manageUsers ? api.users() : Promise.resolve([])), [user.youMay.manageUsers]);
  if (!user.youMay.manageUsers) {
    return (
      <div className="not-found" data-testid="users-not-allowed">
        <h1>Users</h1>
        <p>Your organisation's user administrator creates its users; ask them, or the Concordat administrator.</p>
      </div>
    );
  }
  const every = user.youMay.manageEveryOrganisationsUsers;
  return (
    <div data-testid="page-users">
      <h1>Users</h1>
      <p className="lede">
        {every ? 'Every user of Concordat.' : <>The users of {organisation?.name ?? user.organisationCode} ({user.organisationCode}). You create users of your own organisation only.</>}
      </p>
      <NewUserForm onCreated={() => users.reload()} />
      <section className="panel" aria-labelledby="users-h">
        <h2 id="users-h">{every ? 'All users' : 'Your organisation\'s users'}</h2>
        {users.error ? <ErrorBox error={users.error} /> : null}
        {users.loading && !users.data ? <Loading what="the users" /> : null}
        {users.data ? (
          users.data.length === 0 ? <Empty>No users.</Empty> : (
            <div className="table-wrap">
              <table className="table" data-testid="users-table">
                <thead>
                  <tr><th scope="col">User name</th><th scope="col">Name</th><th scope="col">Organisation</th><th scope="col">Role</th><th scope="col">User administrator</th></tr>
                </thead>
                <tbody>
                  {users.data.map((u) => (
                    <tr key={u.userId} data-testid={`user-row-${u.username}`}>
                      <td><span className="code">{u.username}</span>{u.userId === user.userId ? ' (you)' : ''}</td>
                      <td>{u.displayName}</td>
                      <td>{u.organisationCode}</td>
                      <td>{label(u.role)}</td>
                      <td>{u.managesUsers ? 'Yes' : 'No'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : null}
      </section>
    </div>
  );
}
