import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Runtime } from '../../../libs/runtime/src/open-runtime.js';
import { SharedSqlClient } from './graphql/database-share.js';

export const RUNTIME = Symbol('Runtime');
export const SQL_CLIENT = Symbol('SqlClient');
export const EVENT_STORE = Symbol('EventStore');

/** Hands the opened database, event store and secret to every module; closes them on shutdown. */
@Global()
@Module({})
export class RuntimeModule {
  static register(runtime: Runtime): DynamicModule {
    class RuntimeCloser implements OnApplicationShutdown {
      async onApplicationShutdown(): Promise<void> {
        await runtime.close();
      }
    }
    return {
      module: RuntimeModule,
      providers: [
        { provide: RUNTIME, useValue: runtime },
        // Requests get a fair share of the database: a few connections each, as-of replays in turn.
        { provide: SQL_CLIENT, useValue: new SharedSqlClient(runtime.sql) },
        { provide: EVENT_STORE, useValue: runtime.eventStore },
        RuntimeCloser,
      ],
      exports: [RUNTIME, SQL_CLIENT, EVENT_STORE],
    };
  }
}
