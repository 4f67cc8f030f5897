import { Link } from 'react-router-dom';
import { usePageTitle } from '../components/use-page-title';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <div className="page">
      <h1>Nothing here</h1>
      <p>
        This page does not exist. <Link to="/">See the scenarios</Link>.
      </p>
    </div>
  );
}
