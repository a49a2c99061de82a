import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { RotaModule } from '../rota/rota.module';
import { HandOverService } from './hand-over.service';
import { MySessionsService } from './my-sessions.service';
import { OffersService } from './offers.service';
import { SwapSettingsService } from './swap-settings.service';
import { MySessionsController, OffersController, SwapsController } from './swaps.controller';
import { SwapsService } from './swaps.service';

@Module({
  imports: [SessionsModule, RotaModule],
  controllers: [MySessionsController, OffersController, SwapsController],
  providers: [HandOverService, OffersService, SwapsService, SwapSettingsService, MySessionsService],
  exports: [OffersService, SwapsService],
})
export class SwapsModule {}
