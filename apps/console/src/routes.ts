import { useEffect, useState } from 'react';

/** The console's places, kept in the address's hash so the service serves one page for all of them. */
export type Route =
  | { view: 'overview' }
  | { view: 'ledger' }
  | { view: 'branch'; branchId: string }
  | { view: 'integrity' };

export function routeOf(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const [head, ...rest] = path.split('/');
  if (head === 'ledger') return { view: 'ledger' };
  if (head === 'integrity') return { view: 'integrity' };
  if (head === 'branch' && rest[0]) return { view: 'branch', branchId: decodeURIComponent(rest.join('/')) };
  return { view: 'overview' };
}

export function hrefOf(route: Route): string {
  return route.view === 'branch' ? `#/branch/${encodeURIComponent(route.branchId)}` : `#/${route.view}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
