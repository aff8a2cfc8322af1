import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { QuietGraphqlErrorsFilter } from './graphql/quiet-graphql-errors.filter.js';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import type { Request } from 'express';
import type { Runtime } from '../../../libs/runtime/src/open-runtime.js';
import { RuntimeModule } from './runtime.module.js';
import { RecordingModule } from './recording/recording.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { ReadingModule } from './reading/reading.module.js';
import { HealthController } from './health/health.controller.js';
import { InspectionModule } from './inspection/inspection.module.js';
import { buildRequestContext } from './identity/caller-context.js';
import { formatErrorFor } from './graphql/error-formatting.js';
import { DateScalar, DateTimeScalar, JsonScalar } from './graphql/scalars.js';
import { servedSchemaPath } from './graphql/served-schema.js';

@Module({})
export class AppModule {
  static register(runtime: Runtime, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RuntimeModule.register(runtime),
        CqrsModule.forRoot(),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          typePaths: [servedSchemaPath],
          resolvers: { Date: DateScalar, DateTime: DateTimeScalar, JSON: JsonScalar },
          context: ({ req }: { req: Request }) => buildRequestContext(req, runtime.jwtSecret),
          formatError: formatErrorFor(logger),
          includeStacktraceInErrorResponses: false,
          playground: false,
          introspection: true,
        }),
        RecordingModule,
        PolicyModule,
        ReadingModule,
        InspectionModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: QuietGraphqlErrorsFilter }],
    };
  }
}
