import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useClearCacheWhenSignedOut, useEventStreamRefresh } from './api/queries';
import { ErrorNotice, Loading } from './components/ui';
import { AccountPage } from './pages/account';
import { AuditPage } from './pages/audit';
import { CameraPage } from './pages/camera';
import { CameraFormPage } from './pages/camera-form';
import { CamerasPage } from './pages/cameras';
import { EventsPage } from './pages/events';
import { IncidentsPage } from './pages/incidents';
import { IntegrationsPage } from './pages/integrations';
import { BackupPage } from './backup/backup-page';
import { KeysPage } from './pages/keys';
import { LivePage } from './pages/live';
import { LoginPage } from './pages/login';
import { StoragePage } from './pages/storage';
import { NodesPage } from './pages/nodes';
import { SystemPage } from './pages/system';
import { UsersPage } from './pages/users';
import { ZonesPage } from './pages/zones';
import { ROLES_FOR } from './roles';
import { Link, match, useLocation, useTitle } from './router';
import { useSession } from './session';

function Page({ path }: { path: string }): ReactNode {
  let m: Record<string, string> | null;
  if (path === '/' || path === '/cameras') return <CamerasPage />;
  if (path === '/cameras/new') return <CameraFormPage cameraId={null} />;
  if ((m = match('/cameras/:id/edit', path))) return <CameraFormPage cameraId={m.id!} />;
  if ((m = match('/cameras/:id/zones', path))) return <ZonesPage cameraId={m.id!} />;
  if ((m = match('/cameras/:id', path))) return <CameraPage key={m.id} cameraId={m.id!} />;
  if (path === '/live') return <LivePage />;
  if (path === '/events') return <EventsPage />;
  if (path === '/incidents') return <IncidentsPage />;
  if (path === '/storage') return <StoragePage />;
  if (path === '/nodes') return <NodesPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/keys') return <KeysPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/system') return <SystemPage />;
  if (path === '/integrations') return <IntegrationsPage />;
  if (path === '/backup') return <BackupPage />;
  if (path === '/account') return <AccountPage />;
  return <NotFound />;
}

function NotFound() {
  useTitle('Not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page here. <Link to="/">Go to the cameras.</Link>
      </p>
    </>
  );
}

export function App() {
  const session = useSession();
  useEventStreamRefresh(session.status === 'signed-in');
  useClearCacheWhenSignedOut(session.status === 'signed-out');
  const { path } = useLocation();
  // After navigating inside the app, focus moves to the new page's content (as a page load would put
  // a screen reader at the top); not on the first load.
  const lastPath = useRef(path);
  useEffect(() => {
    if (lastPath.current === path) return;
    lastPath.current = path;
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);

  if (session.status === 'loading') {
    return (
      <main id="main" className="center">
        <Loading what="connecting to Heldar" />
      </main>
    );
  }
  if (session.status === 'failed') {
    return (
      <main id="main" className="center">
        <h1>Heldar</h1>
        <ErrorNotice error={new Error(`The server could not be reached: ${session.failure ?? 'unknown error'}`)} />
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>
    );
  }
  if (session.status === 'signed-out') return <LoginPage />;
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header path={path} />
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}

function Header({ path }: { path: string }) {
  const { user, can, logout } = useSession();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  useEffect(() => setOpen(false), [path]);
  const items: { to: string; label: string; show: boolean }[] = [
    { to: '/', label: 'Cameras', show: true },
    { to: '/live', label: 'Live', show: true },
    { to: '/events', label: 'Events', show: true },
    { to: '/incidents', label: 'Incidents', show: true },
    { to: '/storage', label: 'Storage', show: true },
    { to: '/nodes', label: 'Nodes', show: true },
    { to: '/users', label: 'Users', show: can(ROLES_FOR.users) },
    { to: '/keys', label: 'API keys', show: can(ROLES_FOR.keys) },
    { to: '/audit', label: 'Audit', show: can(ROLES_FOR.audit) },
    { to: '/system', label: 'System', show: can(ROLES_FOR.system) },
    { to: '/integrations', label: 'Integrations', show: can(ROLES_FOR.integrations) },
    { to: '/backup', label: 'Backup', show: can(ROLES_FOR.integrations) },
  ];
  const current = (to: string) => (to === '/' ? path === '/' || path.startsWith('/cameras') : path.startsWith(to));
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true" /> Heldar
      </Link>
      <button type="button" className="menu-toggle" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
        Menu
      </button>
      <nav id={menuId} className={`nav${open ? ' open' : ''}`} aria-label="Main">
        <ul>
          {items
            .filter((i) => i.show)
            .map((i) => (
              <li key={i.to}>
                <Link to={i.to} aria-current={current(i.to) ? 'page' : undefined}>
                  {i.label}
                </Link>
              </li>
            ))}
        </ul>
        {user ? (
          <div className="user-menu">
            <Link to="/account" data-testid="whoami">
              <span className="visually-hidden">Your account: </span>
              {user.name} <span className="role-tag">{user.role}</span>
            </Link>
            <button type="button" className="small" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        ) : null}
      </nav>
    </header>
  );
}
