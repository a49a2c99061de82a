import { Body, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe } from '../http/pipes';
import { AttendanceDto, RecordAttendanceDto, RegisterDto, ReplaceRegisterDto, SessionAttendanceDto } from './attendance.dto';
import { AttendanceService } from './attendance.service';

@ApiController('api/sessions', 'attendance')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Post(':id/attendance')
  @Roles('coordinator', 'facilitator')
  @ApiCreatedResponse({
    type: AttendanceDto,
    description:
      'Idempotent: recording the same attendance again returns the same record. Above the group’s capacity it is recorded and flagged overCapacity.',
  })
  @ApiNotFoundResponse({ description: 'Unknown session or admission' })
  @ApiConflictResponse({ description: 'The session was cancelled' })
  @ApiUnprocessableEntityResponse({
    description: 'The session has not started, lies outside the stay, or the admission belongs to another ward',
  })
  record(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: RecordAttendanceDto): Promise<AttendanceDto> {
    return this.attendance.record(auth, id, dto.admissionId.toLowerCase());
  }

  @Put(':id/attendance')
  @Roles('coordinator', 'facilitator')
  @ApiOkResponse({ type: RegisterDto, description: 'The whole register, replaced in one transaction; the same list again changes nothing' })
  @ApiNotFoundResponse({ description: 'Unknown session or admission' })
  @ApiConflictResponse({ description: 'The session was cancelled or not held, or a discharged stay’s attendance would change' })
  @ApiUnprocessableEntityResponse({ description: 'The session has not started, or an admission lies outside its stay or ward' })
  replace(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: ReplaceRegisterDto): Promise<RegisterDto> {
    return this.attendance.replaceRegister(auth, id, dto.admissionIds);
  }

  @Get(':id/attendance')
  @Roles('coordinator', 'facilitator', 'discharge')
  @ApiOkResponse({ type: SessionAttendanceDto })
  list(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SessionAttendanceDto> {
    return this.attendance.listForSession(auth, id);
  }

  @Delete(':id/attendance')
  @Roles('coordinator', 'facilitator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed, or was not recorded (the same body as the POST)' })
  @ApiConflictResponse({ description: 'The stay has been discharged' })
  removeByBody(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: RecordAttendanceDto): Promise<void> {
    return this.attendance.remove(auth, id, dto.admissionId.toLowerCase());
  }

  @Delete(':id/attendance/:admissionId')
  @ApiConflictResponse({ description: 'The stay has been discharged' })
  @Roles('coordinator', 'facilitator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed, or was not recorded' })
  remove(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('admissionId', IdPipe) admissionId: string,
  ): Promise<void> {
    return this.attendance.remove(auth, id, admissionId);
  }
}
