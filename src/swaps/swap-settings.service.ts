import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { WardSwapSettingsEntity } from '../database/schema/swap.entity';
import { WardsService } from '../wards/wards.service';

export interface SwapSettingsDto {
  wardId: string;
  swapApproval: boolean;
}

/** The ward's `swapApproval`: when true, claims and swaps wait for a coordinator. Default false. */
@Injectable()
export class SwapSettingsService {
  constructor(private readonly wards: WardsService) {}

  /** The ward's own setting (also `swapApproval` on GET and PATCH /api/wards/:id, which is its one home). */
  async get(auth: AuthContext, wardId: string): Promise<SwapSettingsDto> {
    return { wardId, swapApproval: (await this.wards.get(auth, wardId)).swapApproval };
  }

  async set(auth: AuthContext, wardId: string, swapApproval: boolean): Promise<SwapSettingsDto> {
    return { wardId, swapApproval: (await this.wards.update(auth, wardId, { swapApproval })).swapApproval };
  }

  /** True when any of the wards wants a coordinator to approve. */
  async needsApproval(em: EntityManager, wardIds: string[]): Promise<boolean> {
    const rows = await em.find(WardSwapSettingsEntity, { where: { wardId: In([...new Set(wardIds)]) } });
    return rows.some((r) => r.swapApproval);
  }
}
