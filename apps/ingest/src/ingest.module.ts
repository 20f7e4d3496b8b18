import { Module } from '@nestjs/common';

import { ActionCatalog } from '../../../libs/catalog/src/index.js';
import { HealthModule, loggingModule } from '../../../libs/platform/src/index.js';
import { EventsController } from './events/events.controller.js';
import { IngestService } from './events/ingest.service.js';
import { IngestMetrics, MetricsController } from './metrics/ingest-metrics.js';
import { EventPublisher } from './publishing/event-publisher.js';
import { LocalStackLogsModule } from './sources/localstack-logs/localstack-logs.module.js';
import { SdkCsmModule } from './sources/sdk-csm/sdk-csm.module.js';
import { CloudTrailModule } from './sources/cloudtrail/cloudtrail.module.js';

@Module({
  controllers: [EventsController, MetricsController],
  providers: [EventPublisher, IngestService, ActionCatalog, IngestMetrics],
  exports: [EventPublisher, IngestService, IngestMetrics],
})
export class EventsModule {}

@Module({
  imports: [
    loggingModule('ingest'),
    EventsModule,
    LocalStackLogsModule.register(EventsModule),
    SdkCsmModule.register(EventsModule),
    CloudTrailModule.register(EventsModule),
    // Ingest depends on Kafka only; it never opens a database connection.
    HealthModule.forChecks({ kafka: true }),
  ],
})
export class IngestModule {}
