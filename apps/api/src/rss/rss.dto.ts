import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { buildMessage, IsBoolean, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { CODE, CODE_MESSAGE } from '../cases/dto/commands/rules';

/** A weights version or an instrument version: a short code. */
export const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const VERSION_MESSAGE = {
  message: '$property must be 1-32 of letters, digits, _ . - (starting with a letter or digit)',
};

/** indicator code -> a finite number; the domain's validator checks them against the instrument. */
function IsWeightMap(): PropertyDecorator {
  return ValidateBy({
    name: 'isWeightMap',
    validator: {
      validate: (value: unknown): boolean =>
        !!value &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.keys(value).length <= 100 &&
        Object.entries(value as Record<string, unknown>).every(
          ([k, v]) => k.length <= 64 && CODE.test(k) && typeof v === 'number' && Number.isFinite(v),
        ),
      defaultMessage: buildMessage((each) => `${each}$property must map indicator codes to numbers`),
    },
  });
}

const WEIGHTS = {
  type: 'object',
  additionalProperties: { type: 'number', minimum: 0 },
  example: { ECO_SATISFACTION: 0.2, SOC_HOUSING: 0.2 },
} as const;

export class CreateRssWeightsRequest {
  @ApiProperty({ example: 'ANNEX4-2026', description: 'The new version (stored with every score computed with it)' })
  @IsString()
  @Matches(VERSION, VERSION_MESSAGE)
  version!: string;
  @ApiProperty({ example: 'RSS-1', description: 'The instrument version the weights belong to' })
  @IsString()
  @Matches(VERSION, VERSION_MESSAGE)
  instrumentVersion!: string;
  @ApiProperty({ description: 'True while these are not the official weights: every score with them is provisional' })
  @IsBoolean()
  provisional!: boolean;
  @ApiProperty({
    ...WEIGHTS,
    description: 'Weight of each indicator within its dimension (summing to 1 per dimension)',
  })
  @IsWeightMap()
  dimension!: Record<string, number>;
  @ApiProperty({ ...WEIGHTS, description: 'Weight of each indicator in the composite (summing to 1)' })
  @IsWeightMap()
  composite!: Record<string, number>;
}

export class RssScoreQuery {
  @ApiProperty({ example: 'ANNEX4-2026', description: 'The weight set to recompute the stored survey under' })
  @IsString()
  @Matches(VERSION, VERSION_MESSAGE)
  weightsVersion!: string;
}

export class ListRssWeightsQuery {
  @ApiPropertyOptional({ example: 'RSS-1', description: 'Only the sets of this instrument version' })
  @IsOptional()
  @IsString()
  @Matches(CODE, CODE_MESSAGE)
  instrumentVersion?: string;
}
