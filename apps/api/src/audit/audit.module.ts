import { Module } from '@nestjs/common';
import { AuditChainController } from './audit-chain.controller';

@Module({ controllers: [AuditChainController] })
export class AuditModule {}
