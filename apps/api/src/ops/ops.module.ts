import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { OpsTemporalGateway } from './ops-temporal.gateway';
import { OpsController } from './ops.controller';
import { OpsService } from './ops.service';

@Module({ imports: [AdminModule], controllers: [OpsController], providers: [OpsService, OpsTemporalGateway] })
export class OpsModule {}
