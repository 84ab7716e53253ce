import { Module } from '@nestjs/common';
import { OpsTemporalGateway } from './ops-temporal.gateway';
import { OpsController } from './ops.controller';
import { OpsService } from './ops.service';

@Module({ controllers: [OpsController], providers: [OpsService, OpsTemporalGateway] })
export class OpsModule {}
