import { CodedHttpException, CurrentUser, StaffUser } from '@avrr/auth';
import { discloseNotification, readerOf } from '@avrr/domain';
import { NotificationRepository } from '@avrr/persistence';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiErrors } from '../http/error.response';
import {
  NotificationListResponse,
  NotificationReadResponse,
  NotificationsMarkedResponse,
} from './notification.response';

export class ListNotificationsQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  /** Only notifications not read yet. */
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only notifications not read yet' })
  @IsOptional()
  @Type(() => String)
  @Matches(/^(true|false)$/)
  unread?: string;
  /** Keyset pagination: notifications older than this id. */
  @ApiPropertyOptional({ pattern: '^\\d{1,18}$', description: 'nextBefore of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;
}

const ID = /^\d{1,18}$/;

/**
 * In-app notifications of the caller: reminders (§10) and SLA tasks and escalations (§9), ids and references only, shaped
 * by the disclosure policy for the caller's role.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationRepository) {}

  @Get()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'Your notifications, newest first (unread=true for unread only; keyset pagination with before)',
  })
  @ApiOkResponse({ type: NotificationListResponse })
  @ApiErrors(400, 401, 503)
  async list(@CurrentUser() user: StaffUser, @Query() q: ListNotificationsQuery): Promise<NotificationListResponse> {
    const items = await this.notifications.forUser(user.id, {
      unreadOnly: q.unread === 'true',
      limit: q.limit ?? 50,
      before: q.before,
    });
    const reader = readerOf(user.role);
    return {
      items: items.map((n) => discloseNotification(n, reader)),
      unread: await this.notifications.unreadCount(user.id),
      nextBefore: items.length === (q.limit ?? 50) ? items[items.length - 1].id : null,
    };
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ operationId: 'markAllNotificationsRead', summary: 'Mark all your notifications read' })
  @ApiOkResponse({ type: NotificationsMarkedResponse })
  @ApiErrors(401, 503)
  async readAll(@CurrentUser() user: StaffUser): Promise<NotificationsMarkedResponse> {
    return { marked: await this.notifications.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'markNotificationRead',
    summary: 'Mark one of your notifications read (404 if it is not yours)',
  })
  @ApiOkResponse({ type: NotificationReadResponse })
  @ApiErrors(401, 404, 503)
  async read(@CurrentUser() user: StaffUser, @Param('id') id: string): Promise<NotificationReadResponse> {
    if (!ID.test(id) || !(await this.notifications.markRead(user.id, id))) {
      throw new CodedHttpException(HttpStatus.NOT_FOUND, 'NOTIFICATION_NOT_FOUND', 'Notification not found');
    }
    return { id, read: true as const };
  }
}
