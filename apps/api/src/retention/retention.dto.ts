import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** Asks for a retention run now: a dry run counts what is due, a real one erases it. */
export class StartRetentionRunRequest {
  @ApiProperty({ description: 'true: count what is due without erasing anything' })
  @IsBoolean()
  dryRun!: boolean;
}
