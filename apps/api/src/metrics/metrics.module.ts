import { Module, type DynamicModule } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { ServiceMetrics } from './service-metrics.js';

/** The gauges: the same ServiceMetrics the GraphQL plugin counts into, served at /metrics. */
@Module({})
export class MetricsModule {
  static register(metrics: ServiceMetrics): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: ServiceMetrics, useValue: metrics }],
      controllers: [MetricsController],
      exports: [ServiceMetrics],
    };
  }
}
