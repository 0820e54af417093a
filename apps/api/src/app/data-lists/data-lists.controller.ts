import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdName } from '@callrec/contracts';
import { PrismaService } from '../../services/prisma/prisma.service';
import { SignedIn } from '../../common/decorators/access.decorator';

@ApiTags('data-lists')
@Controller('data-lists')
export class DataListsController {
  public constructor(private readonly prisma: PrismaService) {}

  @Get()
  @SignedIn('DIALER', 'READER')
  @ApiOperation({ summary: 'Id and name of every data list, for filters and placing calls' })
  public list(): Promise<IdName[]> {
    return this.prisma.dataList.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
  }
}
