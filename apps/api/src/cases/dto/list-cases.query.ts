import { COMMAND_TYPES, STAGES } from '@avrr/domain';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO31661Alpha2, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** No control characters (NUL bytes among them): they have no place in a search and PostgreSQL refuses NUL. */
const PRINTABLE = /^[^\p{Cc}]+$/u;

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional({ example: 'MA-RBA' }) @IsOptional() @IsString() @Length(2, 32) office?: string;
  @ApiPropertyOptional({ example: 'GN' }) @IsOptional() @IsISO31661Alpha2() countryOfOrigin?: string;
  @ApiPropertyOptional({
    description:
      "Search: the case reference (exactly or its beginning), or the start of the words of a member's given or family " +
      'name, case- and accent-insensitive ("bah" finds "Bâh"). Roles that may not see identity may search by ' +
      'reference only (a name search answers 403 ROLE_NOT_ALLOWED).',
    example: 'bah',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(PRINTABLE, { message: 'q may not contain control characters' })
  q?: string;
  @ApiPropertyOptional({
    description: "A member's recorded (not estimated) date of birth, exactly; roles that see identity only",
    format: 'date',
    example: '1990-05-14',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;
  @ApiPropertyOptional({
    description:
      "A member's phone number or its last digits (at least 6; spaces, +, -, dots and brackets are ignored); roles that see identity only",
    example: '612345678',
    maxLength: 32,
  })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  @Matches(/^[0-9+()\-.\s]+$/, { message: 'phone may hold digits, spaces, +, -, dots and brackets only' })
  phone?: string;
  @ApiPropertyOptional({
    enum: ['mine'],
    description: "Only the cases where the caller's role has work open (each item's `awaiting` lists it)",
  })
  @IsOptional()
  @IsIn(['mine'])
  awaiting?: 'mine';
  @ApiPropertyOptional({
    enum: COMMAND_TYPES,
    description: 'With awaiting=mine: only the cases where this command is the work open to the caller',
  })
  @IsOptional()
  @IsIn(COMMAND_TYPES)
  awaitingCommand?: string;
  @ApiPropertyOptional({
    description: 'Only the cases whose assigned officer or counterpart is you (me) or this user id',
    example: 'me',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be me or a user id',
  })
  assignee?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}
