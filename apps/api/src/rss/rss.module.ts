import { Module } from '@nestjs/common';
import { AdminRssWeightsController, RssController } from './rss.controller';
import { RssService } from './rss.service';

@Module({ controllers: [AdminRssWeightsController, RssController], providers: [RssService], exports: [RssService] })
export class RssModule {}
