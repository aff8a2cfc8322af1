import type { ApolloServerPlugin } from '@apollo/server';
import type { ServiceMetrics } from './service-metrics.js';

/** Counts and times every GraphQL operation, and counts the refusals it served by extensions.code. */
export function graphqlMetricsPlugin(metrics: ServiceMetrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const stopTimer = metrics.latency.startTimer();
      return {
        async willSendResponse({ operationName, operation, response }) {
          const labels = { operation: metrics.operationLabel(operationName), type: operation?.operation ?? 'unknown' };
          stopTimer(labels);
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          metrics.operations.inc({ ...labels, outcome: errors.length > 0 ? 'error' : 'ok' });
          for (const error of errors) {
            const code = error.extensions?.code;
            metrics.refusals.inc({ code: typeof code === 'string' ? code : 'UNKNOWN' });
          }
        },
      };
    },
  };
}
