import { Module } from '@nestjs/common';

import { DatabaseModule } from '../database/database.module.js';
import { PolicyVersionRepository } from './policy-version.repository.js';
import { PolicyVersionService } from './policy-version.service.js';
import { PrincipalRepository } from './principal.repository.js';
import { PrincipalService } from './principal.service.js';

@Module({
  imports: [DatabaseModule],
  providers: [PrincipalRepository, PolicyVersionRepository, PrincipalService, PolicyVersionService],
  exports: [PrincipalService, PolicyVersionService],
})
export class PrincipalsModule {}
