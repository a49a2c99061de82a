import { ApiProperty } from '@nestjs/swagger';
import type { FidelityItemKey } from '../common/i18n';
import { FIDELITY_ITEMS } from '../admissions/stay/fidelity';

export class FidelityItemDto {
  @ApiProperty({ enum: FIDELITY_ITEMS }) item: FidelityItemKey;
  @ApiProperty({ description: 'The item’s name in the ward’s language' }) label: string;
  @ApiProperty({ description: 'false: the service’s data cannot measure it (observation or chart review needed)' }) measured: boolean;
  @ApiProperty({ nullable: true, description: 'People, months, modules or a share 0–1, by item' }) value: number | null;
  @ApiProperty({ nullable: true, minimum: 1, maximum: 5, description: 'On the IMR Fidelity Scale’s 1–5 anchors' }) score: number | null;
  @ApiProperty({ nullable: true }) detail: string | null;
}

export class FidelityDto {
  @ApiProperty() wardId: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [FidelityItemDto], description: 'All 13 items of the scale, in its order' }) items: FidelityItemDto[];
  @ApiProperty({
    nullable: true,
    description: 'Mean over the measured items only (the scale’s high fidelity is a mean of 4 or more over all 13)',
  })
  measuredMean: number | null;
  @ApiProperty() measuredCount: number;
}
