import { ASSIGNABLE_ROLES, type Role } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsNumberString,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { OfficeSettingsRequest } from '../ops/ops.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const USERNAME = /^[a-z0-9][a-z0-9._@-]{1,63}$/;
const OFFICE_CODE = /^[A-Z]{2}-[A-Z0-9]{2,10}(-[A-Z0-9]{1,10})?$/;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: ASSIGNABLE_ROLES }) @IsOptional() @IsIn(ASSIGNABLE_ROLES) role?: Role;
  @ApiPropertyOptional({ example: 'MA-RBA' }) @IsOptional() @IsString() @Matches(OFFICE_CODE) office?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() active?: boolean;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'officer.tangier', description: 'Lower case letters, digits, . _ @ -; 2 to 64 characters' })
  @IsString()
  @Matches(USERNAME, { message: 'username must be 2-64 of a-z 0-9 . _ @ -, starting with a letter or digit' })
  username!: string;
  @ApiProperty({ example: 'Case officer, Tangier' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'displayName: no control characters' })
  displayName!: string;
  @ApiProperty({ enum: ASSIGNABLE_ROLES }) @IsIn(ASSIGNABLE_ROLES) role!: Role;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'MA-RBA',
    description: "The user's office; their country is the office's. Required for case-working roles",
  })
  @IsOptional()
  @IsString()
  @Matches(OFFICE_CODE)
  office?: string | null;
  @ApiPropertyOptional({
    minLength: 12,
    description: 'Set this password; without it a temporary password is generated and returned once',
  })
  @IsOptional()
  @IsString()
  @Length(12, 200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'password: no control characters' })
  password?: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'displayName: no control characters' })
  displayName?: string;
  @ApiPropertyOptional({ enum: ASSIGNABLE_ROLES }) @IsOptional() @IsIn(ASSIGNABLE_ROLES) role?: Role;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: no office (operations, admin)' })
  @ValidateIf((o: UpdateUserRequest) => o.office !== null && o.office !== undefined)
  @IsString()
  @Matches(OFFICE_CODE)
  office?: string | null;
  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordRequest {
  @ApiPropertyOptional({
    minLength: 12,
    description: 'Set this password (the administrator hands it over); without it one is generated and returned once',
  })
  @IsOptional()
  @IsString()
  @Length(12, 200)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'password: no control characters' })
  password?: string;
}

export class EmptyRequest {}

/** A new office: its identity (fixed once created) and everything an update may change. */
export class UpdateOfficeRequest extends OfficeSettingsRequest {
  @ApiPropertyOptional({ example: 'Tangier (host sub-office)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name: no control characters' })
  name?: string;
  @ApiPropertyOptional({ example: 'Africa/Casablanca', description: 'IANA time zone' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timeZone?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'MAD', description: 'ISO 4217; null clears it' })
  @ValidateIf((o: UpdateOfficeRequest) => o.currency !== null && o.currency !== undefined)
  @IsISO4217CurrencyCode()
  currency?: string | null;
}

export class CreateOfficeRequest extends UpdateOfficeRequest {
  @ApiProperty({ example: 'MA-TNG', description: 'Country code, a dash, a short code: upper case' })
  @IsString()
  @Matches(OFFICE_CODE, { message: 'code must look like MA-TNG (country, dash, 2-10 letters or digits)' })
  code!: string;
  @ApiProperty({ enum: ['HOST', 'COO'] }) @IsIn(['HOST', 'COO']) kind!: 'HOST' | 'COO';
  @ApiProperty({ example: 'MA' }) @IsISO31661Alpha2() country!: string;
  @ApiProperty({ example: 'Tangier (host sub-office)' })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  @Matches(/^[^\p{Cc}]+$/u, { message: 'name: no control characters' })
  declare name: string;
  @ApiProperty({ example: 'Africa/Casablanca', description: 'IANA time zone' })
  @IsString()
  @Length(1, 64)
  declare timeZone: string;
}

export class AuditQuery {
  @ApiPropertyOptional({ enum: ['USER', 'OFFICE', 'RSS_WEIGHTS'] })
  @IsOptional()
  @IsIn(['USER', 'OFFICE', 'RSS_WEIGHTS'])
  targetType?: 'USER' | 'OFFICE' | 'RSS_WEIGHTS';
  @ApiPropertyOptional({ description: 'A user id, an office code or an RSS weights version' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  targetId?: string;
  @ApiPropertyOptional({ description: 'Entries older than this id (the nextBefore of the previous page)' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  @Length(1, 18)
  before?: string;
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
