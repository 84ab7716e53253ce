import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { idParam } from '../http/id-param';
import {
  AuditQuery,
  CreateOfficeRequest,
  CreateUserRequest,
  EmptyRequest,
  ListUsersQuery,
  ResetPasswordRequest,
  UpdateOfficeRequest,
  UpdateUserRequest,
} from './admin.dto';
import {
  AdminAuditListResponse,
  AdminOfficeResponse,
  AdminUserListResponse,
  AdminUserResponse,
  AdminUserWithPasswordResponse,
} from './admin.response';
import { AdminService } from './admin.service';

const userIdParam = idParam('USER_NOT_FOUND', 'No such user');

/**
 * The staff and office registers, for administrators only. Disclosure: administrators see staff data (names, roles,
 * offices, whether active) and the office register; they read no case (scopeOf gives them none) and this controller
 * joins nothing from a case. Every change is audited (GET /admin/audit).
 */
@ApiTags('administration')
@ApiBearerAuth()
@ApiCookieAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @ApiOperation({ operationId: 'adminListUsers', summary: 'Staff users, by username (filter by role, office, active)' })
  @ApiOkResponse({ type: AdminUserListResponse })
  @ApiErrors(400, 401, 403, 503)
  async listUsers(@Query() query: ListUsersQuery): Promise<AdminUserListResponse> {
    return { items: await this.admin.listUsers(query) };
  }

  @Post('users')
  @ApiOperation({
    operationId: 'adminCreateUser',
    summary: 'Create a user with a role and an office from the register (the country is the office country)',
    description: 'Without a password, a temporary one is generated and returned once (temporaryPassword).',
  })
  @ApiOkResponse({ type: AdminUserWithPasswordResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 503)
  @HttpCode(200)
  createUser(@CurrentUser() actor: StaffUser, @Body() body: CreateUserRequest): Promise<AdminUserWithPasswordResponse> {
    return this.admin.createUser(actor, body);
  }

  @Get('users/:userId')
  @ApiOperation({ operationId: 'adminGetUser', summary: 'One staff user' })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiErrors(401, 403, 404, 503)
  getUser(@Param('userId', userIdParam) id: string): Promise<AdminUserResponse> {
    return this.admin.getUser(id);
  }

  @Patch('users/:userId')
  @ApiOperation({
    operationId: 'adminUpdateUser',
    summary: 'Change the display name, role, office, or disable / enable a user',
    description: 'A new role or office, and disabling, end every session of the user (their next request answers 401).',
  })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 503)
  updateUser(
    @CurrentUser() actor: StaffUser,
    @Param('userId', userIdParam) id: string,
    @Body() body: UpdateUserRequest,
  ): Promise<AdminUserResponse> {
    return this.admin.updateUser(actor, id, body);
  }

  @Post('users/:userId/password')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminResetPassword',
    summary: 'Set a password, or generate a temporary one returned once; ends every session of the user',
  })
  @ApiOkResponse({ type: AdminUserWithPasswordResponse })
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  resetPassword(
    @CurrentUser() actor: StaffUser,
    @Param('userId', userIdParam) id: string,
    @Body() body: ResetPasswordRequest,
  ): Promise<AdminUserWithPasswordResponse> {
    return this.admin.resetPassword(actor, id, body);
  }

  @Post('users/:userId/sign-out')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminSignOutUser',
    summary: "Force sign-out: every token issued to the user so far is refused from the user's next request on",
  })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  signOut(
    @CurrentUser() actor: StaffUser,
    @Param('userId', userIdParam) id: string,
    @Body() _body: EmptyRequest,
  ): Promise<AdminUserResponse> {
    return this.admin.signOut(actor, id);
  }

  @Get('offices')
  @ApiOperation({
    operationId: 'adminListOffices',
    summary: 'The office register: identity, time zone, currency, calendar, SLA overrides, webhook (secret hidden)',
  })
  @ApiOkResponse({ type: [AdminOfficeResponse] })
  @ApiErrors(401, 403, 503)
  listOffices(): Promise<AdminOfficeResponse[]> {
    return this.admin.listOffices();
  }

  @Post('offices')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminCreateOffice', summary: 'Add an office to the register' })
  @ApiOkResponse({ type: AdminOfficeResponse })
  @ApiErrors(400, 401, 403, 409, 413, 415, 503)
  createOffice(@CurrentUser() actor: StaffUser, @Body() body: CreateOfficeRequest): Promise<AdminOfficeResponse> {
    return this.admin.createOffice(actor, body);
  }

  @Put('offices/:office')
  @ApiOperation({
    operationId: 'adminUpdateOffice',
    summary: 'Change an office: name, time zone, currency, calendar, SLA overrides, webhook (kind and country stay)',
  })
  @ApiOkResponse({ type: AdminOfficeResponse })
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  updateOffice(
    @CurrentUser() actor: StaffUser,
    @Param('office') code: string,
    @Body() body: UpdateOfficeRequest,
  ): Promise<AdminOfficeResponse> {
    return this.admin.updateOffice(actor, code, body);
  }

  @Get('audit')
  @ApiOperation({
    operationId: 'adminListAudit',
    summary: 'Every administrative change, newest first: who, what, when, the record before and after',
  })
  @ApiOkResponse({ type: AdminAuditListResponse })
  @ApiErrors(400, 401, 403, 503)
  audit(@Query() query: AuditQuery): Promise<AdminAuditListResponse> {
    return this.admin.audit(query);
  }
}
