import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsNumber, Matches, Min } from 'class-validator';
import { CURRENCY, CURRENCY_MESSAGE } from './rules';

/** An amount of money (domain `Money`). */
export class MoneyPayload {
  @ApiProperty({ example: 30, description: "Amount in the currency's main unit (30 means EUR 30), at most 2 decimals" })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount!: number;
  @ApiProperty({ example: 'EUR', description: 'Currency, ISO 4217 code in capitals' })
  @IsISO4217CurrencyCode()
  @Matches(CURRENCY, CURRENCY_MESSAGE)
  currency!: string;
}
