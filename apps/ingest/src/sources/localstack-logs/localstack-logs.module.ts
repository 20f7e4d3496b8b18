import { Module, type DynamicModule, type Type } from '@nestjs/common';

import { LocalStackLogsController } from './localstack-logs.controller.js';

/** The `POST /v1/sources/localstack/logs` endpoint. */
@Module({})
export class LocalStackLogsModule {
  /**
   * Builds the module around `eventsModule`, the module that exports IngestService. It is
   * passed in because it is declared in ingest.module.ts, which imports this module, and an
   * import back would be circular.
   */
  static register(eventsModule: Type<unknown>): DynamicModule {
    return {
      module: LocalStackLogsModule,
      imports: [eventsModule],
      controllers: [LocalStackLogsController],
    };
  }
}
