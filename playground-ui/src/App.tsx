import { lazy, Suspense } from 'react';
import { NavLink, Route, Routes, Link } from 'react-router-dom';
import { ConnectionIndicator, OfflineBanner } from './components/ConnectionIndicator';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PresenterToggle, ThemeToggle } from './components/Toggles';
import { CataloguePage } from './pages/CataloguePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { WorkshopBar } from './workshop/WorkshopBar';

// The catalogue loads first; charts, topology and markdown come with the pages that use them.
const ScenarioPage = lazy(() =>
  import('./pages/ScenarioPage').then((m) => ({ default: m.ScenarioPage })),
);
const RunsPage = lazy(() => import('./pages/RunsPage').then((m) => ({ default: m.RunsPage })));
const WorkshopPage = lazy(() =>
  import('./workshop/WorkshopPage').then((m) => ({ default: m.WorkshopPage })),
);
const ComparePage = lazy(() =>
  import('./lab/ComparePage').then((m) => ({ default: m.ComparePage })),
);
const InfrastructurePage = lazy(() =>
  import('./pages/InfrastructurePage').then((m) => ({ default: m.InfrastructurePage })),
);

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Distributed-systems playground: scenarios">
          <img src="/favicon.svg" alt="" width="26" height="26" />
          <span>DS Playground</span>
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Scenarios
          </NavLink>
          <NavLink to="/runs">Runs</NavLink>
          <NavLink to="/compare">Compare</NavLink>
          <NavLink to="/workshop">Workshop</NavLink>
          <NavLink to="/infrastructure">Infrastructure</NavLink>
        </nav>
        <div className="topbar-tools">
          <ConnectionIndicator />
          <PresenterToggle />
          <ThemeToggle />
        </div>
      </header>
      <OfflineBanner />
      <WorkshopBar />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Suspense
            fallback={
              <div className="page">
                <div className="skeleton-page" aria-busy="true" aria-label="Loading" />
              </div>
            }
          >
            <Routes>
              <Route path="/" element={<CataloguePage />} />
              <Route path="/scenarios/:id" element={<ScenarioPage />} />
              <Route path="/runs" element={<RunsPage />} />
              <Route path="/compare" element={<ComparePage />} />
              <Route path="/workshop" element={<WorkshopPage />} />
              <Route path="/infrastructure" element={<InfrastructurePage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}
