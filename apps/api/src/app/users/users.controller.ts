import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdName, UserDto } from '@callrec/contracts';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { RequestContext } from '../../common/request-context';
import { Roles, SignedIn } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersService } from './users.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('users')
@Controller()
export class UsersController {
  public constructor(private readonly users: UsersService) {}

  @Get('users')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Every user account' })
  public list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post('users')
  @Roles('ADMIN')
  @ApiErrors(400, 409)
  @ApiOperation({ summary: 'Create a user' })
  public create(@Body() body: CreateUserDto, @ReqContext() context: RequestContext): Promise<UserDto> {
    return this.users.create(body, context);
  }

  @Patch('users/:id')
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Rename, change role, reset password, or deactivate (active: false)' })
  public update(@Param('id', ParseId()) id: string, @Body() body: UpdateUserDto, @ReqContext() context: RequestContext): Promise<UserDto> {
    return this.users.update(id, body, context);
  }

  @Get('agents')
  @SignedIn('DIALER', 'READER')
  @ApiOperation({ summary: 'Id and name of everyone who places calls, for filters' })
  public agents(): Promise<IdName[]> {
    return this.users.agents();
  }
}
