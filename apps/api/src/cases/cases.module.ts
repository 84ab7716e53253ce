import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CaseCommandSlots } from './case-command-slots';
import { CaseCommandsService } from './case-commands.service';
import { CasesService } from './cases.service';

@Module({ controllers: [CasesController], providers: [CasesService, CaseCommandsService, CaseCommandSlots] })
export class CasesModule {}
