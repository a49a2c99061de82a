import { Injectable, Optional } from '@nestjs/common';
import { AuthContext } from '../auth/auth-context';
import { RotaIntegrity } from '../common/rota-integrity';
import { SessionsService } from './sessions.service';
import { UpdateWardDto, WardDto } from '../wards/wards.dto';
import { WardsService } from '../wards/wards.service';

/**
 * Ward settings that move sessions: a new time zone keeps every group at its wall-clock time, so the
 * ward's coming sessions are laid out again at once (not at their next read), and the answer names
 * the sessions whose assignment that broke.
 */
@Injectable()
export class WardSettingsService {
  constructor(
    private readonly wards: WardsService,
    private readonly sessions: SessionsService,
    @Optional() private readonly integrity?: RotaIntegrity,
  ) {}

  async update(auth: AuthContext, id: string, dto: UpdateWardDto): Promise<WardDto> {
    const write = async (): Promise<WardDto> => {
      const before = await this.wards.requireWard(auth, id);
      const result = await this.wards.update(auth, id, dto);
      if (result.timezone !== before.timezone) await this.sessions.refreshWard(await this.wards.requireWard(auth, id));
      return result;
    };
    if (!this.integrity) return write();
    const { result, affectedSessions } = await this.integrity.watch({ wardIds: [id] }, write);
    return { ...result, affectedSessions };
  }
}
