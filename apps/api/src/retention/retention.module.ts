import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionApiService } from './retention.service';

@Module({ controllers: [RetentionController], providers: [RetentionApiService] })
export class RetentionModule {}
