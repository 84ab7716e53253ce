import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CaseWorkflowClient } from './case-workflow.client';
import { domainConfigProvider } from './domain-config.provider';

@Module({ controllers: [CasesController], providers: [CasesService, CaseWorkflowClient, domainConfigProvider] })
export class CasesModule {}
