import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CaseCommandsService } from './case-commands.service';
import { CasesService } from './cases.service';
import { domainConfigProvider } from './domain-config.provider';

@Module({ controllers: [CasesController], providers: [CasesService, CaseCommandsService, domainConfigProvider] })
export class CasesModule {}
