import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CaseCommandSlots } from './case-command-slots';
import { CaseCommandsService } from './case-commands.service';
import { CasesService } from './cases.service';
import { RssModule } from '../rss/rss.module';

@Module({
  imports: [RssModule],
  controllers: [CasesController],
  providers: [CasesService, CaseCommandsService, CaseCommandSlots],
})
export class CasesModule {}
