import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { QuietGraphqlErrorsFilter } from './graphql/quiet-graphql-errors.filter.js';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import type { Request } from 'express';
import type { Runtime } from '../../../libs/runtime/src/open-runtime.js';
import { RuntimeModule } from './runtime.module.js';
import { BranchRecordsModule } from './branch-records/branch-records.module.js';
import { PeopleModule } from './people/people.module.js';
import { TrainingRecordsModule } from './training-records/training-records.module.js';
import { UniversityRecordsModule } from './university-records/university-records.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { ReadingModule } from './reading/reading.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { graphqlMetricsPlugin } from './metrics/graphql-metrics.plugin.js';
import { ServiceMetrics } from './metrics/service-metrics.js';
import { LiveUpdatesModule } from './live-updates/live-updates.module.js';
import { webSocketSubscriptions } from './live-updates/websocket-subscriptions.js';
import { InspectionModule } from './inspection/inspection.module.js';
import { buildRequestContext } from './identity/caller-context.js';
import { formatErrorFor } from './graphql/error-formatting.js';
import { DateScalar, DateTimeScalar, JsonScalar } from './graphql/scalars.js';
import { servedSchemaPath } from './graphql/served-schema.js';
import { costLimitPlugin, graphqlLimits, inputHygienePlugin, PARSE_OPTIONS, statusByMediaTypePlugin } from './graphql/request-protection.js';
import { deniedAccessLog } from './graphql/denied-access-log.js';
import { tokenPolicyOf } from './identity/token-policy.js';
import { BenchBaselineModule, benchBaselineSchemaPath } from './bench-baseline/bench-baseline.module.js';

@Module({})
export class AppModule {
  static register(runtime: Runtime, logger: Logger): DynamicModule {
    const production = runtime.configuration.production === true;
    const limits = graphqlLimits(production);
    const tokenPolicy = tokenPolicyOf(runtime.configuration);
    const metrics = new ServiceMetrics();
    const benchBaseline = runtime.configuration.benchBaseline === true;
    return {
      module: AppModule,
      imports: [
        RuntimeModule.register(runtime),
        CqrsModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          typePaths: benchBaseline ? [servedSchemaPath, benchBaselineSchemaPath] : [servedSchemaPath],
          resolvers: { Date: DateScalar, DateTime: DateTimeScalar, JSON: JsonScalar },
          context: ({ req }: { req: Request }) => buildRequestContext(req, runtime.jwtSecret, tokenPolicy),
          formatError: formatErrorFor(logger),
          includeStacktraceInErrorResponses: false,
          playground: false,
          introspection: !production,
          // Batches are limited to a few operations by the HTTP guard in front of GraphQL.
          allowBatchedHttpRequests: true,
          validationRules: limits.validationRules,
          parseOptions: PARSE_OPTIONS,
          // No HTTP cache hints are given (answers are per caller and follow the writes): without this,
          // Apollo's cache-control plugin wraps every field's resolver, a cost on every field of every answer.
          plugins: [ApolloServerPluginCacheControlDisabled(), ...limits.plugins, inputHygienePlugin(), costLimitPlugin(), statusByMediaTypePlugin(), deniedAccessLog(logger), graphqlMetricsPlugin(metrics)],
          subscriptions: webSocketSubscriptions(runtime.jwtSecret, logger, tokenPolicy),
        }),
        UniversityRecordsModule,
        BranchRecordsModule,
        TrainingRecordsModule,
        PeopleModule,
        PolicyModule,
        ReadingModule,
        HealthModule,
        MetricsModule.register(metrics),
        LiveUpdatesModule,
        InspectionModule,
        ...(benchBaseline ? [BenchBaselineModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: QuietGraphqlErrorsFilter }],
    };
  }
}
