import { ROLES } from '@avrr/domain';
import { ApiProperty } from '@nestjs/swagger';

/** The signed-in user: role and scope (the office and country their cases are in). */
export class StaffUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'officer.rabat' }) username!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: string;
  @ApiProperty({ type: String, nullable: true, example: 'MA-RBA' }) office!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MA' }) country!: string | null;
}

export class LoginResponse {
  @ApiProperty({ description: 'JWT (HS256): send it as Authorization: Bearer <token>' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: StaffUserResponse }) user!: StaffUserResponse;
}
