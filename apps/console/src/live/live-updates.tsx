import { useEffect, useState } from 'react';
import { createClient, type Client } from 'graphql-ws';

/** Whether the console is hearing the service's live updates. */
export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveRefresh {
  /** Bumps on every change heard: views re-run their queries. */
  refresh: number;
  /** The position the change was recorded at: queries wait for the read models to include it. */
  atLeastPosition?: string;
  state: LiveState;
}

let shared: { token: string; client: Client; states: Set<(state: LiveState) => void>; state: LiveState } | undefined;

/** One WebSocket per signed-in token, authenticated when it opens (graphql-ws connectionParams). */
function liveClient(token: string) {
  if (shared?.token === token) return shared;
  void shared?.client.dispose();
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
  const states = new Set<(state: LiveState) => void>();
  const entry = {
    token,
    states,
    state: 'connecting' as LiveState,
    client: createClient({
      url,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 5,
      lazy: true,
      on: {
        connected: () => announce('live'),
        closed: () => announce('offline'),
        connecting: () => announce('connecting'),
      },
    }),
  };
  function announce(state: LiveState) {
    entry.state = state;
    for (const listener of states) listener(state);
  }
  shared = entry;
  return entry;
}

/**
 * Refreshes a view when the service says its data moved: `figuresChanged` for a university-year,
 * otherwise `eventRecorded` (filtered to one stream when given). Bursts are coalesced.
 */
export function useLiveRefresh(token: string, watch: { universityId?: string; year?: number; streamId?: string }): LiveRefresh {
  const [live, setLive] = useState<LiveRefresh>({ refresh: 0, state: 'connecting' });
  const { universityId, year, streamId } = watch;
  useEffect(() => {
    const entry = liveClient(token);
    const onState = (state: LiveState) => setLive((current) => ({ ...current, state }));
    entry.states.add(onState);
    onState(entry.state);
    let timer: number | undefined;
    let latest: string | undefined;
    const changed = (position: string) => {
      latest = position;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setLive((current) => ({ ...current, refresh: current.refresh + 1, atLeastPosition: latest })), 150);
    };
    const figures = universityId !== undefined && year !== undefined && streamId === undefined;
    const stop = entry.client.subscribe<Record<string, { position: string; streamId?: string }>>(
      figures
        ? {
            query: 'subscription ($universityId: ID!, $year: Int!) { figuresChanged(universityId: $universityId, year: $year) { position } }',
            variables: { universityId, year },
          }
        : { query: 'subscription { eventRecorded { position streamId } }' },
      {
        next: (message) => {
          const change = message.data?.figuresChanged ?? message.data?.eventRecorded;
          if (change && (!streamId || change.streamId === streamId)) changed(change.position);
        },
        error: () => onState('offline'),
        complete: () => undefined,
      },
    );
    return () => {
      window.clearTimeout(timer);
      entry.states.delete(onState);
      stop();
    };
  }, [token, universityId, year, streamId]);
  return live;
}

export function LiveBadge({ state }: { state: LiveState }) {
  const label = state === 'live' ? '实时更新中' : state === 'connecting' ? '正在连接实时更新…' : '实时更新已断开';
  return (
    <span className={`live ${state}`} data-testid="live-state" data-state={state}>
      ● {label}
    </span>
  );
}
