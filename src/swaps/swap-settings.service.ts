import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Clock } from '../common/clock';
import { Database, IMR_DATABASE } from '../database/database';
import { WardSwapSettingsEntity } from '../database/schema/swap.entity';
import { WardsService } from '../wards/wards.service';

export interface SwapSettingsDto {
  wardId: string;
  swapApproval: boolean;
}

/** The ward's `swapApproval`: when true, claims and swaps wait for a coordinator. Default false. */
@Injectable()
export class SwapSettingsService {
  constructor(
    @Inject(IMR_DATABASE) private readonly db: Database,
    private readonly clock: Clock,
    private readonly wards: WardsService,
  ) {}

  async get(auth: AuthContext, wardId: string): Promise<SwapSettingsDto> {
    await this.wards.requireWard(auth, wardId);
    return { wardId, swapApproval: await this.needsApproval(this.db.manager, [wardId]) };
  }

  async set(auth: AuthContext, wardId: string, swapApproval: boolean): Promise<SwapSettingsDto> {
    await this.wards.requireWard(auth, wardId);
    const updatedAt = this.clock.now().toISOString();
    await this.db.transaction(async (em) => {
      await em.delete(WardSwapSettingsEntity, { wardId });
      await em.insert(WardSwapSettingsEntity, { wardId, swapApproval, updatedAt });
    });
    return { wardId, swapApproval };
  }

  /** True when any of the wards wants a coordinator to approve. */
  async needsApproval(em: EntityManager, wardIds: string[]): Promise<boolean> {
    const rows = await em.find(WardSwapSettingsEntity, { where: { wardId: In([...new Set(wardIds)]) } });
    return rows.some((r) => r.swapApproval);
  }
}
