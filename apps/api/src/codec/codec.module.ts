import { Module } from '@nestjs/common';
import { CodecCors } from './codec-cors';
import { CodecController } from './codec.controller';
import { CodecService } from './codec.service';

@Module({ controllers: [CodecController], providers: [CodecService, CodecCors] })
export class CodecModule {}
