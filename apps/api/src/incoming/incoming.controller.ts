import { CodedHttpException, CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { discloseIncoming, incomingCase, INCOMING_STAGES, readerOf, STAGES } from '@avrr/domain';
import { CaseRepository } from '@avrr/persistence';
import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiErrors } from '../http/error.response';

export class ListIncomingQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SharedNeedsResponse {
  @ApiProperty() medical!: boolean;
  @ApiProperty() uasc!: boolean;
  @ApiProperty() protection!: boolean;
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty() escortRequired!: boolean;
}

export class IncomingCaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() hostOffice!: string;
  @ApiProperty({ type: String, nullable: true }) receivingOffice!: string | null;
  @ApiProperty() countryOfOrigin!: string;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) expectedDepartureDate!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) expectedArrivalDate!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The flight or itinerary reference' })
  itineraryRef!: string | null;
  @ApiProperty() travellerCount!: number;
  @ApiProperty() adultCount!: number;
  @ApiProperty() childCount!: number;
  @ApiProperty() escortOnItinerary!: boolean;
  @ApiProperty({ description: 'The returnee consented to sharing their needs with the receiving office' })
  needsShared!: boolean;
  @ApiProperty({
    type: SharedNeedsResponse,
    nullable: true,
    description: 'Needs flags (no detail); null without the consent to share them',
  })
  needs!: SharedNeedsResponse | null;
  @ApiProperty() updatedAt!: string;
}

export class IncomingListResponse {
  @ApiProperty({ type: [IncomingCaseResponse] }) items!: IncomingCaseResponse[];
}

/**
 * The receiving office in the loop (issue 10): the returnees it expects, from booking on (booked or departed), with
 * the expected dates, the flight, how many travel and the needs the returnee agreed to share, shaped by the disclosure
 * policy. Its counterparts then record the arrival and the reception (POST /cases/:id/commands RecordArrival).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/incoming')
export class IncomingController {
  constructor(private readonly cases: CaseRepository) {}

  @Get()
  @Roles('counterpart', 'supervisor')
  @ApiOperation({
    operationId: 'listIncomingCases',
    summary: 'Returnees your receiving office expects (booked or departed), soonest departure first',
  })
  @ApiOkResponse({ type: IncomingListResponse })
  @ApiErrors(400, 401, 403, 503)
  async list(@CurrentUser() user: StaffUser, @Query() q: ListIncomingQuery): Promise<IncomingListResponse> {
    if (!user.office)
      throw new CodedHttpException(HttpStatus.FORBIDDEN, 'OFFICE_OUT_OF_SCOPE', 'You belong to no receiving office');
    const rows = await this.cases.incoming(user.office, INCOMING_STAGES, q.limit ?? 100);
    return { items: rows.map((r) => discloseIncoming(incomingCase(r.view), readerOf(user.role, r.view))) };
  }
}
