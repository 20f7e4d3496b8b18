import { Injectable, Logger } from '@nestjs/common';

import { ActionCatalog } from '../../../../../libs/catalog/src/index.js';
import {
  AccessKeyMap,
  AttemptAccessKeys,
  maskAccessKeyId,
  readSdkCsm,
  readSdkCsmLines,
  type SdkCsmLine,
} from '../../../../../libs/sources/src/index.js';
import { IngestService, type IngestResult } from '../../events/ingest.service.js';

export const SDK_CSM_SOURCE = 'sdk-csm';

/** Reads SDK client-side monitoring records from HTTP bodies and datagrams and ingests them. */
@Injectable()
export class SdkCsmService {
  private readonly logger = new Logger(SdkCsmService.name);
  /** Attempts of calls whose `ApiCall` datagram may land in the next UDP batch. */
  private readonly datagramAttemptKeys = new AttemptAccessKeys();

  constructor(
    private readonly ingestService: IngestService,
    private readonly catalog: ActionCatalog,
    private readonly accessKeys: AccessKeyMap,
  ) {}

  async ingestBody(body: string, strict: boolean): Promise<IngestResult> {
    const read = await readSdkCsm(body, { accessKeys: this.accessKeys, catalog: this.catalog });

    return this.ingestService.ingest(SDK_CSM_SOURCE, read, strict);
  }

  /** Ingests one batch of datagram records, never in strict mode because no client can retry. */
  async ingestDatagrams(lines: SdkCsmLine[]): Promise<IngestResult> {
    const read = await readSdkCsmLines(lines, {
      accessKeys: this.accessKeys,
      catalog: this.catalog,
      attemptKeys: this.datagramAttemptKeys,
    });

    return this.ingestService.ingest(SDK_CSM_SOURCE, read, false);
  }

  /**
   * Maps an access key to its principal for this process. Raises InvalidAccessKeyMappingError
   * for an invalid key id or ARN.
   */
  mapAccessKey(accessKeyId: string, principalArn: string): 'created' | 'replaced' {
    const outcome = this.accessKeys.set(accessKeyId, principalArn, 'request');

    this.logger.log(
      { accessKey: maskAccessKeyId(accessKeyId), principalArn, outcome },
      'Mapped an SDK access key to a principal',
    );
    return outcome;
  }
}
