import { useEffect } from 'react';
import { Link, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { RequireAuth, useAuth } from './auth.tsx';
import { label } from './format.ts';
import { ContractPage } from './pages/ContractPage.tsx';
import { ContractsPage } from './pages/ContractsPage.tsx';
import { EconomyPage } from './pages/EconomyPage.tsx';
import { OrganisationPage } from './pages/OrganisationPage.tsx';
import { OrganisationsPage } from './pages/OrganisationsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { ScenariosPage } from './pages/ScenariosPage.tsx';
import { StatementsPage } from './pages/StatementsPage.tsx';
import { NewContractPage } from './pages/NewContractPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { ActionsDuePage } from './pages/ActionsDuePage.tsx';
import { DisputePage, DisputesPage } from './pages/DisputePage.tsx';
import { NoticePage, NoticesPage } from './pages/NoticePage.tsx';
import { PerformancePage } from './pages/PerformancePage.tsx';
import { RelationshipPage } from './pages/RelationshipPage.tsx';
import { OcdsImportPage } from './pages/OcdsImportPage.tsx';
import { ProcurementNewPage } from './pages/ProcurementNewPage.tsx';
import { ProcurementPage } from './pages/ProcurementPage.tsx';
import { ProcurementsPage } from './pages/ProcurementsPage.tsx';
import { PublicNoticesPage } from './pages/PublicNoticesPage.tsx';
import { SchemePage, SchemesPage } from './pages/SchemesPage.tsx';

function Header() {
  const { user, organisation, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <header className="site-header" data-testid="header">
      <div className="container header-row">
        <Link to="/" className="brand" aria-label="Concordat home">
          <span className="brand-mark">NHS</span> Concordat
        </Link>
        {user ? (
          <div className="who" data-testid="who">
            <span className="who-name" data-testid="who-name">{user.displayName}</span>
            <span className="who-org" data-testid="who-org">
              {organisation ? organisation.name : user.organisationCode} ({user.organisationCode})
            </span>
            <span className="who-role" data-testid="who-role">{label(user.role)}</span>
            <button
              type="button"
              className="button header-button"
              data-testid="sign-out"
              onClick={() => {
                void signOut().then(() => navigate('/sign-in', { replace: true }));
              }}
            >
              Sign out
            </button>
          </div>
        ) : null}
      </div>
      {user ? (
        <nav className="site-nav" aria-label="Main">
          <div className="container">
            <NavLink to="/" end data-testid="nav-economy">Economy overview</NavLink>
            <NavLink to="/contracts" data-testid="nav-contracts">Contracts</NavLink>
            <NavLink to="/organisations" data-testid="nav-organisations">Organisations</NavLink>
            <NavLink to="/scenarios" data-testid="nav-scenarios">Scenarios</NavLink>
            {user.youMay.manageUsers ? <NavLink to="/users" data-testid="nav-users">Users</NavLink> : null}
            <NavLink to="/actions-due" data-testid="nav-actions-due">Actions due</NavLink>
            <NavLink to="/notices" data-testid="nav-notices">Notices</NavLink>
            <NavLink to="/disputes" data-testid="nav-disputes">Disputes</NavLink>
            <NavLink to="/procurements" data-testid="nav-procurement">Procurement</NavLink>
          </div>
        </nav>
      ) : null}
    </header>
  );
}

function NotFoundPage() {
  return (
    <div data-testid="page-not-found">
      <h1>Page not found</h1>
      <p>There is no page at this address. <Link to="/">Go to the economy overview</Link>.</p>
    </div>
  );
}

const TITLES: [RegExp, string][] = [
  [/^\/sign-in/, 'Sign in'],
  [/^\/contracts\/new$/, 'Let a contract'],
  [/^\/users/, 'Users'],
  [/^\/contracts\/.+/, 'Contract'],
  [/^\/contracts/, 'Contracts'],
  [/^\/organisations\/.+/, 'Organisation'],
  [/^\/organisations/, 'Organisations'],
  [/^\/$/, 'Economy overview'],
  [/^\/relationships\//, 'Relationship'],
  [/^\/actions-due/, 'Actions due'],
  [/^\/notices\/.+/, 'Contract performance notice'],
  [/^\/notices/, 'Notices'],
  [/^\/disputes\/.+/, 'Dispute'],
  [/^\/disputes/, 'Disputes'],
  [/^\/procurements\/.+/, 'Procurement'],
  [/^\/procurements/, 'Procurement'],
  [/^\/schemes/, 'Stage gates'],
  [/^\/imports\/ocds/, 'Import notices'],
  [/^\/public\/notices/, 'Procurement notices'],
];

export function App() {
  const location = useLocation();
  useEffect(() => {
    const t = TITLES.find(([re]) => re.test(location.pathname))?.[1] ?? 'Not found';
    document.title = `${t} – Concordat`;
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a href="#main" className="skip-link">Skip to main content</a>
      <Header />
      <main id="main" className="container">
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/" element={<RequireAuth><EconomyPage /></RequireAuth>} />
          <Route path="/contracts" element={<RequireAuth><ContractsPage /></RequireAuth>} />
          <Route path="/contracts/:id" element={<RequireAuth><ContractPage /></RequireAuth>} />
          <Route path="/contracts/:id/statements" element={<RequireAuth><StatementsPage /></RequireAuth>} />
          <Route path="/scenarios" element={<RequireAuth><ScenariosPage /></RequireAuth>} />
          <Route path="/organisations" element={<RequireAuth><OrganisationsPage /></RequireAuth>} />
          <Route path="/organisations/:code" element={<RequireAuth><OrganisationPage /></RequireAuth>} />
          <Route path="/contracts/new" element={<RequireAuth><NewContractPage /></RequireAuth>} />
          <Route path="/users" element={<RequireAuth><UsersPage /></RequireAuth>} />
          <Route path="*" element={<RequireAuth><NotFoundPage /></RequireAuth>} />
          <Route path="/relationships/:commissioner/:provider" element={<RequireAuth><RelationshipPage /></RequireAuth>} />
          <Route path="/actions-due" element={<RequireAuth><ActionsDuePage /></RequireAuth>} />
          <Route path="/notices" element={<RequireAuth><NoticesPage /></RequireAuth>} />
          <Route path="/notices/:id" element={<RequireAuth><NoticePage /></RequireAuth>} />
          <Route path="/disputes" element={<RequireAuth><DisputesPage /></RequireAuth>} />
          <Route path="/disputes/:id" element={<RequireAuth><DisputePage /></RequireAuth>} />
          <Route path="/contracts/:id/performance" element={<RequireAuth><PerformancePage /></RequireAuth>} />
          {/* Procurement in the open (issue 9); the public notices need no sign-in. */}
          <Route path="/public/notices" element={<PublicNoticesPage />} />
          <Route path="/procurements" element={<RequireAuth><ProcurementsPage /></RequireAuth>} />
          <Route path="/procurements/new" element={<RequireAuth><ProcurementNewPage /></RequireAuth>} />
          <Route path="/procurements/:id" element={<RequireAuth><ProcurementPage /></RequireAuth>} />
          <Route path="/schemes" element={<RequireAuth><SchemesPage /></RequireAuth>} />
          <Route path="/schemes/:id" element={<RequireAuth><SchemePage /></RequireAuth>} />
          <Route path="/imports/ocds" element={<RequireAuth><OcdsImportPage /></RequireAuth>} />
        </Routes>
      </main>
      <footer className="site-footer">
        <div className="container">
          Concordat — the English NHS commissioning system. Money is shown in pounds; the API keeps integer pence.{' '}
          <a href="/api/docs">API documentation</a>
        </div>
      </footer>
    </>
  );
}
