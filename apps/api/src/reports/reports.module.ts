import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReconciliationService } from './reconciliation.service';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, ReconciliationService] })
export class ReportsModule {}
