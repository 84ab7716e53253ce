import { Module } from '@nestjs/common';
import { CaseTransfersController, DataProtectionController } from './dataprotection.controller';
import { DataProtectionService } from './dataprotection.service';

@Module({ controllers: [CaseTransfersController, DataProtectionController], providers: [DataProtectionService] })
export class DataProtectionModule {}
