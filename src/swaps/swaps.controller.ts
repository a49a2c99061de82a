import { Body, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { AuthContext } from '../auth/auth-context';
import { CurrentAuth, Roles } from '../auth/auth.decorators';
import { InvalidInputError } from '../common/errors';
import { OfferStatus, SwapStatus } from '../database/schema/swap.entity';
import { ApiController } from '../http/api-controller.decorator';
import { DateQueryPipe, IdPipe, OptionalIdPipe } from '../http/pipes';
import { SessionDto } from '../sessions/sessions.dto';
import { MySessionsService } from './my-sessions.service';
import { OffersService } from './offers.service';
import { SwapSettingsService } from './swap-settings.service';
import { SwapsService } from './swaps.service';
import { ClaimOfferDto, CreateOfferDto, CreateSwapDto, OfferDto, SwapDto, SwapSettingsBodyDto, SwapSettingsResponseDto } from './swaps.dto';

const OFFER_STATUSES: OfferStatus[] = ['open', 'awaiting-approval', 'approved', 'declined', 'expired'];
const SWAP_STATUSES: SwapStatus[] = ['proposed', 'awaiting-approval', 'approved', 'declined', 'expired'];

function statusOf<T extends string>(value: string | undefined, allowed: T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!allowed.includes(value as T)) throw new InvalidInputError('status', `must be one of ${allowed.join(', ')}`);
  return value as T;
}

@ApiController('api/me', 'offers and swaps')
export class MySessionsController {
  constructor(private readonly mine: MySessionsService) {}

  @Get('sessions')
  @Roles('facilitator')
  @ApiQuery({ name: 'from', example: '2027-03-01' })
  @ApiQuery({ name: 'to', example: '2027-03-31' })
  @ApiOkResponse({ type: [SessionDto], description: 'The key’s own sessions across wards, sorted by startsAt' })
  list(
    @CurrentAuth() auth: AuthContext,
    @Query('from', DateQueryPipe) from: string,
    @Query('to', DateQueryPipe) to: string,
  ): Promise<SessionDto[]> {
    return this.mine.list(auth, from, to);
  }
}

@ApiController('api', 'offers and swaps')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post('sessions/:id/offers')
  @Roles('facilitator', 'coordinator')
  @ApiCreatedResponse({ type: OfferDto })
  @ApiConflictResponse({ description: 'Not on the session, already offered, cancelled or started' })
  create(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: CreateOfferDto): Promise<OfferDto> {
    return this.offers.create(auth, id, dto.facilitatorId);
  }

  @Get('offers')
  @Roles('facilitator', 'coordinator')
  @ApiQuery({ name: 'wardId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: OFFER_STATUSES })
  @ApiOkResponse({
    type: [OfferDto],
    description: 'Coordinators: every offer of their wards. Facilitators: open offers they could take, and their own',
  })
  list(
    @CurrentAuth() auth: AuthContext,
    @Query('wardId', OptionalIdPipe) wardId?: string,
    @Query('status') status?: string,
  ): Promise<OfferDto[]> {
    return this.offers.list(auth, wardId, statusOf(status, OFFER_STATUSES));
  }

  @Post('offers/:id/claim')
  @Roles('facilitator')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferDto, description: 'status approved (the place is yours) or awaiting-approval' })
  @ApiConflictResponse({ description: 'Already taken, expired, or a rule forbids it (the reason is named)' })
  claim(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body() dto: ClaimOfferDto): Promise<OfferDto> {
    return this.offers.claim(auth, id, dto.facilitatorId);
  }

  @Post('offers/:id/approve')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferDto })
  @ApiConflictResponse({ description: 'Nothing to approve, expired, or a rule now forbids it' })
  approve(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<OfferDto> {
    return this.offers.approve(auth, id);
  }

  @Post('offers/:id/decline')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferDto, description: 'A claim declined reopens the offer; an open offer declined ends it' })
  decline(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<OfferDto> {
    return this.offers.decline(auth, id);
  }
}

@ApiController('api', 'offers and swaps')
export class SwapsController {
  constructor(
    private readonly swaps: SwapsService,
    private readonly settings: SwapSettingsService,
  ) {}

  @Post('swaps')
  @Roles('facilitator')
  @ApiCreatedResponse({ type: SwapDto })
  @ApiConflictResponse({ description: 'Not your session, no colleague there, or a rule forbids the exchange' })
  propose(@CurrentAuth() auth: AuthContext, @Body() dto: CreateSwapDto): Promise<SwapDto> {
    return this.swaps.propose(auth, dto);
  }

  @Get('swaps')
  @Roles('facilitator', 'coordinator')
  @ApiQuery({ name: 'status', required: false, enum: SWAP_STATUSES })
  @ApiOkResponse({ type: [SwapDto] })
  list(@CurrentAuth() auth: AuthContext, @Query('status') status?: string): Promise<SwapDto[]> {
    return this.swaps.list(auth, statusOf(status, SWAP_STATUSES));
  }

  @Post('swaps/:id/accept')
  @Roles('facilitator')
  @HttpCode(200)
  @ApiOkResponse({ type: SwapDto })
  accept(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SwapDto> {
    return this.swaps.accept(auth, id);
  }

  @Post('swaps/:id/approve')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SwapDto })
  approve(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SwapDto> {
    return this.swaps.approve(auth, id);
  }

  @Post('swaps/:id/decline')
  @Roles('facilitator', 'coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: SwapDto })
  decline(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<SwapDto> {
    return this.swaps.decline(auth, id);
  }

  @Get('wards/:wardId/swap-settings')
  @Roles('coordinator', 'facilitator')
  @ApiOkResponse({ type: SwapSettingsResponseDto })
  getSettings(@CurrentAuth() auth: AuthContext, @Param('wardId', IdPipe) wardId: string): Promise<SwapSettingsResponseDto> {
    return this.settings.get(auth, wardId);
  }

  @Put('wards/:wardId/swap-settings')
  @Roles('coordinator')
  @ApiOkResponse({ type: SwapSettingsResponseDto, description: 'swapApproval true: claims and swaps wait for a coordinator' })
  setSettings(
    @CurrentAuth() auth: AuthContext,
    @Param('wardId', IdPipe) wardId: string,
    @Body() dto: SwapSettingsBodyDto,
  ): Promise<SwapSettingsResponseDto> {
    return this.settings.set(auth, wardId, dto.swapApproval);
  }
}
