import { CodedHttpException, CurrentUser, StaffUser } from '@avrr/auth';
import { discloseNotification, readerOf } from '@avrr/domain';
import { NotificationRepository } from '@avrr/persistence';
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListNotificationsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  /** Only notifications not read yet. */
  @IsOptional() @Type(() => String) @Matches(/^(true|false)$/) unread?: string;
  /** Keyset pagination: notifications older than this id. */
  @IsOptional() @Matches(/^\d{1,18}$/) before?: string;
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
    summary: 'Your notifications, newest first (unread=true for unread only; keyset pagination with before)',
  })
  async list(@CurrentUser() user: StaffUser, @Query() q: ListNotificationsQuery) {
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
  @ApiOperation({ summary: 'Mark all your notifications read' })
  async readAll(@CurrentUser() user: StaffUser) {
    return { marked: await this.notifications.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read (404 if it is not yours)' })
  async read(@CurrentUser() user: StaffUser, @Param('id') id: string) {
    if (!ID.test(id) || !(await this.notifications.markRead(user.id, id))) {
      throw new CodedHttpException(HttpStatus.NOT_FOUND, 'NOTIFICATION_NOT_FOUND', 'Notification not found');
    }
    return { id, read: true };
  }
}
