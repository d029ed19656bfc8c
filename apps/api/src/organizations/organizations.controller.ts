import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, CurrentActor, Public } from '@tongxin/accounts';
import { ApiErrorDto, uuidPipe } from '@tongxin/common';
import { OrganizationsService } from '@tongxin/organizations';
import {
  CreateOrganizationDto,
  ListOrganizationsQuery,
  OrganizationDto,
  OrganizationPageDto,
  RegionDto,
  UpdateOrganizationDto,
} from './dto/organization.dto';

@ApiTags('organizations')
@ApiBearerAuth()
@Controller()
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Public()
  @Get('regions')
  @ApiOperation({ summary: 'The 34 provincial-level divisions (GB/T 2260) with Chinese and English names' })
  @ApiOkResponse({ type: [RegionDto] })
  async regions(): Promise<RegionDto[]> {
    return (await this.organizations.listRegions()).map(RegionDto.from);
  }

  @Post('organizations')
  @ApiOperation({ summary: 'Add an organization' })
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description:
      'ORGANIZATION_EXISTS, with existingId: the same name in the region, or a credit code a verified organization holds',
  })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganizationDto): Promise<OrganizationDto> {
    return OrganizationDto.from(await this.organizations.create(actor, dto));
  }

  @Get('organizations')
  @ApiOperation({ summary: 'Search organizations by name, region and type, a page at a time' })
  @ApiOkResponse({ type: OrganizationPageDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListOrganizationsQuery): Promise<OrganizationPageDto> {
    const page = await this.organizations.list(actor, query);
    return { items: page.items.map(OrganizationDto.from), nextCursor: page.nextCursor };
  }

  @Get('organizations/:id')
  @ApiOperation({ summary: 'One organization, with whether you may edit it' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<OrganizationDto> {
    return OrganizationDto.from(await this.organizations.get(actor, id));
  }

  @Patch('organizations/:id')
  @ApiOperation({
    summary: 'Edit an organization: its creator only, while no other organizer relies on it',
    description:
      'Once an event the creator cannot edit uses the organization (as a host, or through a registration), or once ' +
      'it is verified, it is shared: edits answer 409 ORGANIZATION_SHARED and go through a platform administrator.',
  })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'FORBIDDEN_ROLE: not the organizer who added it' })
  @ApiConflictResponse({
    type: ApiErrorDto,
    description: 'ORGANIZATION_SHARED; or ORGANIZATION_EXISTS, with existingId',
  })
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', uuidPipe()) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationDto> {
    return OrganizationDto.from(await this.organizations.update(actor, id, dto));
  }
}
