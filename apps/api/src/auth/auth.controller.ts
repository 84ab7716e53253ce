import { AuthService, CurrentUser, Public, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { LoginResponse, StaffUserResponse } from './auth.response';
import { LoginRequest } from './login.request';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'login', summary: 'Exchange username and password for a bearer token (JWT)' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 413, 415, 503)
  login(@Body() body: LoginRequest): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'The caller: role and scope' })
  @ApiOkResponse({ type: StaffUserResponse })
  @ApiErrors(401)
  me(@CurrentUser() user: StaffUser): StaffUserResponse {
    return user;
  }
}
