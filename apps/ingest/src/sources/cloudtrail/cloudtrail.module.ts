import { Module, type DynamicModule, type Type } from '@nestjs/common';

import { CloudTrailReader } from '../../../../../libs/sources/src/index.js';
import { CloudTrailIngestService } from './cloudtrail-ingest.service.js';
import { CloudTrailController } from './cloudtrail.controller.js';
import { CloudTrailUnmappedRegistry } from './unmapped-registry.js';

/** AWS CloudTrail log files: the ingest endpoint and the list of unmapped calls. */
@Module({})
export class CloudTrailModule {
  /**
   * Builds the module on top of the module that exports IngestService. It is passed in, not
   * imported, because that module is declared in the file that imports this one.
   */
  static register(eventsModule: Type): DynamicModule {
    return {
      module: CloudTrailModule,
      imports: [eventsModule],
      controllers: [CloudTrailController],
      providers: [
        // Loading checks every action of the mapping table against the AWS action catalog,
        // so a table naming an unknown action stops the app at startup.
        { provide: CloudTrailReader, useFactory: () => CloudTrailReader.create() },
        CloudTrailUnmappedRegistry,
        CloudTrailIngestService,
      ],
    };
  }
}
