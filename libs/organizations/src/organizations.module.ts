import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationEntity } from './organization.entity';
import { OrganizationsService } from './organizations.service';
import { RegionEntity } from './region.entity';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, RegionEntity])],
  providers: [OrganizationsService],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
