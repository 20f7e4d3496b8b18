import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

import { EVALUATION_EVENTS_TOPIC } from '../../../../libs/contract/src/index.js';
import type { EventBatch } from '../transport/kafka-batch.server.js';
import { FoldService, type FoldSummary } from './fold.service.js';

@Controller()
export class FoldController {
  constructor(private readonly foldService: FoldService) {}

  @EventPattern(EVALUATION_EVENTS_TOPIC)
  fold(@Payload() batch: EventBatch): Promise<FoldSummary> {
    return this.foldService.foldBatch(batch.events, batch.heartbeat);
  }
}
