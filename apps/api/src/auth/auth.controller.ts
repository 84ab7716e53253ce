import { AuthService, CurrentUser, Public, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequest } from './login.request';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange username and password for a bearer token (JWT)' })
  login(@Body() body: LoginRequest) {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller: role and scope' })
  me(@CurrentUser() user: StaffUser) {
    return user;
  }
}
