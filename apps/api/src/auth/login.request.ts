import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'officer.rabat' }) @IsString() @Length(1, 64) username!: string;
  @ApiProperty({ example: 'avrr-demo-2026' }) @IsString() @Length(1, 256) password!: string;
}
