import { ROLES } from '@avrr/domain';
import { LANGUAGES } from '@avrr/persistence';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** The signed-in user: role and scope, display name and console language. */
export class SessionUserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'officer.rabat' }) username!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ type: String, nullable: true, example: 'MA-RBA' }) office!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MA' }) country!: string | null;
  @ApiProperty({ example: 'Amina Officer' }) displayName!: string;
  @ApiProperty({ enum: LANGUAGES, nullable: true, description: "null: none chosen (the browser's language)" })
  language!: 'en' | 'fr' | 'ar' | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Africa/Casablanca',
    description: "The IANA time zone of the user's office, in which the console shows dates; null without an office",
  })
  timeZone!: string | null;
}

export class LoginResponse {
  @ApiProperty({ description: 'The JWT, for API clients (the console uses the httpOnly avrr_session cookie instead)' })
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token (and the cookie) expire' }) expiresIn!: number;
  @ApiProperty({ type: SessionUserResponse }) user!: SessionUserResponse;
  @ApiProperty({
    description: 'Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE authenticated by the cookie; keep in memory only',
  })
  csrfToken!: string;
}

export class SessionResponse {
  @ApiProperty({ type: SessionUserResponse }) user!: SessionUserResponse;
  @ApiProperty({ description: "The session's CSRF token (recovered by a reloaded console)" }) csrfToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class PreferencesRequest {
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES) language!: 'en' | 'fr' | 'ar';
}

export class PreferencesResponse {
  @ApiProperty({ enum: LANGUAGES }) language!: 'en' | 'fr' | 'ar';
}

export class OidcOptionResponse {
  @ApiProperty({ example: 'Example Corp', description: 'Shown as "Sign in with <providerName>"' })
  providerName!: string;
  @ApiProperty({ example: '/auth/oidc/login', description: 'Navigate the browser here to start' }) startUrl!: string;
}

export class SignInOptionsResponse {
  @ApiProperty({ description: 'Username and password (POST /auth/login)' }) password!: boolean;
  @ApiProperty({ type: OidcOptionResponse, nullable: true, description: 'null: no identity provider configured' })
  oidc!: OidcOptionResponse | null;
}
