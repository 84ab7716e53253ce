import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { InitialAdministrator } from './initial-admin';

@Module({ controllers: [AdminController], providers: [AdminService, InitialAdministrator], exports: [AdminService] })
export class AdminModule {}
