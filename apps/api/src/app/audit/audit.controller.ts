import { Controller, Get, Header, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditCheckpointDto, AuditEventDto, AuditVerifyResult, Page } from '@callrec/contracts';
import { SigningKeyService } from '../../services/signing/signing-key.service';
import { Roles } from '../../common/decorators/access.decorator';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditLogReader } from './audit-log.reader';
import { AuditQueryDto } from './audit-query.dto';
import { AuditVerifyService } from './audit-verify.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  public constructor(
    private readonly log: AuditLogReader,
    private readonly verifier: AuditVerifyService,
    private readonly checkpoints: AuditCheckpointService,
    private readonly signing: SigningKeyService,
  ) {}

  @Get()
  @Roles('COMPLIANCE')
  @ApiErrors(400)
  @ApiOperation({ summary: 'The audit trail, newest first, filtered by recording, actor, action and dates' })
  public list(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.log.list(query);
  }

  @Get('verify')
  @Roles('COMPLIANCE')
  @ApiOperation({
    summary:
      'Recompute the hash chain, check the signed checkpoints, and prove the chain still holds the newest checkpoint in the recording store',
  })
  public verify(): Promise<AuditVerifyResult> {
    return this.verifier.verify();
  }

  @Post('checkpoint')
  @Roles('ADMIN')
  @ApiErrors(409)
  @ApiOperation({ summary: 'Sign a checkpoint of the chain head now (when new events arrived) and return the newest checkpoint' })
  public checkpoint(): Promise<AuditCheckpointDto> {
    return this.checkpoints.checkpoint();
  }

  @Get('public-key')
  @Roles('COMPLIANCE')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'The Ed25519 public key (SPKI PEM) that checks checkpoints offline with openssl' })
  @ApiOperation({ summary: 'The public key of the audit signing key' })
  public publicKey(): string {
    return this.signing.publicKeyPem;
  }
}
