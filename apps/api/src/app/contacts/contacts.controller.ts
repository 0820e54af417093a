import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContactDto, Page } from '@callrec/contracts';
import { Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { ContactsService } from './contacts.service';
import { ContactQueryDto, CreateContactDto, UpdateContactDto } from './dto/contact.dto';

@ApiTags('contacts')
@Controller('contacts')
export class ContactsController {
  public constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400)
  @ApiOperation({ summary: 'A page of contacts, by data list and digits of the number' })
  public search(@Query() query: ContactQueryDto): Promise<Page<ContactDto>> {
    return this.contacts.search(query);
  }

  @Post()
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Add a contact; the number is stored as E.164 (audited)' })
  public create(@Body() body: CreateContactDto, @ReqContext() context: RequestContext): Promise<ContactDto> {
    return this.contacts.create(body, context);
  }

  @Patch(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: "Change a contact's number, name, data list or external id (audited)" })
  public update(
    @Param('id', ParseId()) id: string,
    @Body() body: UpdateContactDto,
    @ReqContext() context: RequestContext,
  ): Promise<ContactDto> {
    return this.contacts.update(id, body, context);
  }
}
