import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api, setUnauthenticatedHandler, type Account, type Organisation } from './api.ts';
import { Loading } from './components.tsx';

interface AuthState {
  /** undefined while the session is being checked; null when signed out. With what to offer the user (`youMay`). */
  user: Account | null | undefined;
  organisation: Organisation | null;
  signIn: (username: string, password: string) => Promise<Account>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Account | null | undefined>(undefined);
  const [organisation, setOrganisation] = useState<Organisation | null>(null);

  useEffect(() => {
    api.me().then(setUser, () => setUser(null));
    // Any 401 from the API (session expired) sends the user back to sign in.
    setUnauthenticatedHandler(() => setUser(null));
    return () => setUnauthenticatedHandler(null);
  }, []);

  useEffect(() => {
    setOrganisation(null);
    if (!user) return;
    let live = true;
    api.organisation(user.organisationCode).then(
      (d) => live && setOrganisation(d.organisation),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [user]);

  const signIn = useCallback(async (username: string, password: string) => {
    await api.signIn(username, password);
    // The account says what to offer this user (letting contracts, managing users).
    const account = await api.me();
    setUser(account);
    return account;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, organisation, signIn, signOut }), [user, organisation, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only call inside <RequireAuth>. */
export function useUser(): Account {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

/** Renders children for a signed-in user, otherwise goes to sign-in remembering where the user was heading. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading what="your session" />;
  if (user === null) {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to="/sign-in" replace state={{ from }} />;
  }
  return <>{children}</>;
}

/** Users who may append variations (the API still decides; this only hides the form). */

