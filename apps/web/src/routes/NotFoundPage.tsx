import { Link } from 'wouter';
import { usePageTitle } from '../ui/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Page not found
      </h1>
      <p>
        Nothing lives at this address. Go to <Link to="/notes">your notes</Link> or{' '}
        <Link to="/tasks">your organization’s tasks</Link>.
      </p>
    </section>
  );
}
