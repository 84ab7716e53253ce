import { Module } from '@nestjs/common';
import { IncomingController } from './incoming.controller';

@Module({ controllers: [IncomingController] })
export class IncomingModule {}
