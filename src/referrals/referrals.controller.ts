import { Body, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { ApiController } from '../http/api-controller.decorator';
import { IdPipe, OptionalIdPipe } from '../http/pipes';
import { LANGUAGES, parseLanguage } from '../common/i18n';
import { letterCsp } from './documents/referral-letter';
import { REFERRAL_STATUSES } from './documents/referral-lifecycle';
import { ChangeReferralStatusDto, ReferralDto, ReferralEditDto, ReferralEventDto } from './referrals.dto';
import { UpdateReferralDto } from './discharge.dto';
import { ReferralsService } from './referrals.service';

interface HeaderReply {
  header(name: string, value: string): unknown;
}

const READ_NOTE = 'Every read is recorded in the audit log (GET /api/audit?referralId=); if that fails, the read fails.';

@ApiController('api/referrals', 'referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Roles('discharge', 'coordinator')
  @ApiQuery({ name: 'status', required: false, enum: REFERRAL_STATUSES })
  @ApiQuery({ name: 'wardId', required: false })
  @ApiOkResponse({ type: [ReferralDto], description: `Newest first (at most 500). ${READ_NOTE}` })
  list(
    @CurrentAuth() auth: AuthContext,
    @Query('status') status?: string,
    @Query('wardId', OptionalIdPipe) wardId?: string,
  ): Promise<ReferralDto[]> {
    return this.referrals.list(auth, { status, wardId });
  }

  @Get('overdue')
  @Roles('discharge', 'coordinator')
  @ApiQuery({ name: 'wardId', required: false })
  @ApiOkResponse({
    type: [ReferralDto],
    description: `Drafts not sent within the configured number of days (IMR_REFERRAL_REMINDER_DAYS), as marked by the daily job. ${READ_NOTE}`,
  })
  overdue(@CurrentAuth() auth: AuthContext, @Query('wardId', OptionalIdPipe) wardId?: string): Promise<ReferralDto[]> {
    return this.referrals.overdue(auth, wardId);
  }

  @Get(':id')
  @Roles('discharge', 'coordinator')
  @ApiOkResponse({ type: ReferralDto, description: `The handoff as it was at discharge. ${READ_NOTE}` })
  @ApiNotFoundResponse()
  get(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<ReferralDto> {
    return this.referrals.get(auth, id);
  }

  @Get(':id/fhir')
  @Roles('discharge', 'coordinator')
  @ApiProduces('application/fhir+json')
  @ApiOkResponse({
    description: `An HL7 FHIR R4 transaction Bundle: Patient (pseudonymous identifier only), Organizations, ServiceRequest, CarePlan, Goals, Task. ${READ_NOTE}`,
  })
  @ApiNotFoundResponse()
  fhir(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Res({ passthrough: true }) reply: HeaderReply): Promise<string> {
    reply.header('content-type', 'application/fhir+json; charset=utf-8');
    return this.referrals.fhir(auth, id);
  }

  /**
   * The letter is meant to open in a browser tab: it takes whatever credentials the guard accepts
   * (a bearer key, or the board's session once it has one) and nothing of its own.
   */
  @Get(':id/letter')
  @Roles('discharge', 'coordinator')
  @ApiProduces('text/html')
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'nb or en; default the ward’s language at discharge' })
  @ApiOkResponse({ description: `A self-contained, printable HTML letter. ${READ_NOTE}` })
  @ApiBadRequestResponse({ description: 'lang is neither nb nor en' })
  @ApiNotFoundResponse()
  async letter(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: HeaderReply,
    @Query('lang') lang?: string,
  ): Promise<string> {
    const html = await this.referrals.letter(auth, id, parseLanguage(lang));
    reply.header('content-type', 'text/html; charset=utf-8');
    reply.header('content-security-policy', letterCsp(html));
    return html;
  }

  @Get(':id/letter.pdf')
  @Roles('discharge', 'coordinator')
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES, description: 'nb or en; default the ward’s language at discharge' })
  @ApiOkResponse({ description: `The same letter as a PDF (A4, text extractable), to attach in the patient record. ${READ_NOTE}` })
  @ApiBadRequestResponse({ description: 'lang is neither nb nor en' })
  @ApiNotFoundResponse()
  async letterPdf(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Res({ passthrough: true }) reply: HeaderReply,
    @Query('lang') lang?: string,
  ): Promise<Buffer> {
    const pdf = await this.referrals.letterPdf(auth, id, parseLanguage(lang));
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${pdf.filename}"`);
    reply.header('cache-control', 'private, no-store');
    return pdf.body;
  }

  @Get(':id/history')
  @Roles('discharge', 'coordinator')
  @ApiOkResponse({ type: [ReferralEventDto], description: 'Status changes, oldest first' })
  @ApiNotFoundResponse()
  history(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<ReferralEventDto[]> {
    return this.referrals.history(auth, id);
  }

  @Patch(':id')
  @Roles('discharge', 'coordinator')
  @ApiOkResponse({ type: ReferralDto, description: 'Edits a draft’s handoff fields; each edit is kept (GET …/edits)' })
  @ApiConflictResponse({ description: 'The referral has been sent (or withdrawn): it no longer changes' })
  @ApiNotFoundResponse()
  update(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: UpdateReferralDto): Promise<ReferralDto> {
    return this.referrals.update(auth, id, dto);
  }

  @Get(':id/edits')
  @Roles('discharge', 'coordinator')
  @ApiOkResponse({ type: [ReferralEditDto], description: 'Edits of the draft, oldest first, with the fields before and after' })
  @ApiNotFoundResponse()
  edits(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<ReferralEditDto[]> {
    return this.referrals.edits(auth, id);
  }

  @Post(':id/status')
  @Roles('discharge', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: ReferralDto, description: 'draft → sent → accepted | declined (declined needs a reason)' })
  @ApiConflictResponse({ description: 'Not a legal next status' })
  @ApiNotFoundResponse()
  changeStatus(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Body() dto: ChangeReferralStatusDto,
  ): Promise<ReferralDto> {
    return this.referrals.changeStatus(auth, id, dto);
  }
}
