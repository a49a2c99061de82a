import { DynamicModule, Module } from '@nestjs/common';
import { BoardApi } from './board-api';
import { BoardAuthController } from './board-auth.controller';
import { BoardContextService } from './board-context';
import { BOARD_OPTIONS } from './board-options';
import { BoardAdmissionsController } from './board-admissions.controller';
import { BoardFacilitatorsController } from './board-facilitators.controller';
import { BoardMineController } from './board-mine.controller';
import { BoardPlanController } from './board-plan.controller';
import { BoardSessionController } from './board-session.controller';
import { BoardWeekController } from './board-week.controller';

/** The ward board: server-rendered pages over the service's own API (see README, "The ward board"). */
@Module({})
export class BoardModule {
  static forRoot(routePrefix?: string): DynamicModule {
    const base = routePrefix ? `/${routePrefix}` : '';
    return {
      module: BoardModule,
      controllers: [
        BoardAuthController,
        BoardWeekController,
        BoardSessionController,
        BoardPlanController,
        BoardFacilitatorsController,
        BoardAdmissionsController,
        BoardMineController,
      ],
      providers: [{ provide: BOARD_OPTIONS, useValue: { base } }, BoardContextService, BoardApi],
    };
  }
}
