import { Module, type DynamicModule, type Type } from '@nestjs/common';

import { ActionCatalog } from '../../../../../libs/catalog/src/index.js';
import { AccessKeyMap } from '../../../../../libs/sources/src/index.js';
import { loadAccessKeyMap, sdkCsmUdpConfig } from './sdk-csm-config.js';
import { SdkCsmController } from './sdk-csm.controller.js';
import { SdkCsmService } from './sdk-csm.service.js';
import { SDK_CSM_UDP_CONFIG, SdkCsmUdpListener } from './sdk-csm-udp.listener.js';

/** AWS SDK client-side monitoring: the HTTP endpoints, the UDP listener and the access key map. */
@Module({})
export class SdkCsmModule {
  /**
   * Builds the module on top of the module that exports IngestService. It is passed in, not
   * imported, because that module is declared in the file that imports this one.
   */
  static register(eventsModule: Type): DynamicModule {
    return {
      module: SdkCsmModule,
      imports: [eventsModule],
      controllers: [SdkCsmController],
      providers: [
        ActionCatalog,
        { provide: AccessKeyMap, useFactory: () => loadAccessKeyMap(process.env) },
        { provide: SDK_CSM_UDP_CONFIG, useFactory: () => sdkCsmUdpConfig(process.env.SDK_CSM_UDP) },
        SdkCsmService,
        SdkCsmUdpListener,
      ],
    };
  }
}
