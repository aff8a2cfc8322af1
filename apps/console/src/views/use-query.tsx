import { useEffect, useState } from 'react';
import { ApiError, graphql } from '../api/graphql-client.js';

export type QueryState<Data> = { status: 'loading' } | { status: 'done'; data: Data } | { status: 'failed'; error: ApiError | Error };

/**
 * Runs a query whenever its variables (or `refresh`) change; an answer to an older request never
 * overwrites a newer one.
 */
export function useQuery<Data>(token: string, query: string, variables: Record<string, unknown> | null, refresh = 0): QueryState<Data> {
  const [state, setState] = useState<QueryState<Data>>({ status: 'loading' });
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (variables === null) return;
    let current = true;
    graphql<Data>(token, query, variables).then(
      (data) => current && setState({ status: 'done', data }),
      (error: Error) => current && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
    // `key` stands for the variables' content.
  }, [token, query, key, refresh]);
  return state;
}

export function Failure({ error }: { error: Error }) {
  const code = error instanceof ApiError && error.code ? `（${error.code}）` : '';
  return (
    <p className="failure" role="alert">
      无法读取{code}：{error.message}
    </p>
  );
}
