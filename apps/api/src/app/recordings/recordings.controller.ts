import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccessRole, MediaTokenResponse, RecordingMetadata, RecordingPeaks } from '@callrec/contracts';
import type { Request, Response } from 'express';
import { ParseId } from '../../common/pipes/parse-id.pipe';
import { AppConfig } from '../../services/config/app-config';
import { MaintenanceJobsService } from '../../services/queues/maintenance-jobs.service';
import { RequestContext } from '../../common/request-context';
import { ACCESS_KEY, AcceptsMediaToken, RouteAccess, Roles } from '../../common/decorators/access.decorator';
import { ReqContext } from '../../common/decorators/current-user.decorator';
import { DeleteRecordingDto } from './deletion/delete-recording.dto';
import { ManualDeletionService } from './deletion/manual-deletion.service';
import { downloadFilename } from './media/download-filename';
import { MediaResponder } from './media/media.responder';
import { MEDIA_TOKEN_PURPOSES, MediaTokensService, parsePurpose } from './media/media-tokens.service';
import { PlaybackSessionsService } from './playback/playback-sessions.service';
import { RecordingsService } from './recordings.service';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';

@ApiTags('recordings')
@Controller('recordings')
export class RecordingsController {
  /** Who may take the whole file: the download route's own roles, so the two never disagree. */
  private readonly downloadRoles: readonly AccessRole[];

  public constructor(
    private readonly config: AppConfig,
    private readonly jobs: MaintenanceJobsService,
    private readonly media: MediaResponder,
    private readonly mediaTokens: MediaTokensService,
    private readonly playback: PlaybackSessionsService,
    private readonly recordings: RecordingsService,
    private readonly removal: ManualDeletionService,
    reflector: Reflector,
  ) {
    const access = reflector.get<RouteAccess | undefined>(ACCESS_KEY, RecordingsController.prototype.download);
    this.downloadRoles = access?.kind === 'roles' ? access.roles : [];
  }

  @Get(':id/metadata')
  // READER keys read the facts about a recording, never its audio (design 9.10).
  @Roles('COMPLIANCE', 'SUPERVISOR', 'READER')
  @ApiErrors(400, 404)
  @ApiOperation({
    summary: 'Duration, size, format, channels, sha256, storage (backend, Object Lock, encryption and its KEK id), key shredding and call facts (audited)',
  })
  public metadata(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<RecordingMetadata> {
    return this.recordings.metadata(id, context);
  }

  @Get(':id/peaks')
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400, 404, 410)
  @ApiOperation({ summary: 'Per-channel waveform peaks computed at ingest' })
  public peaks(@Param('id', ParseId()) id: string): Promise<RecordingPeaks> {
    return this.recordings.peaks(id);
  }

  @Post(':id/media-token')
  @HttpCode(200)
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400, 404, 409, 410)
  @ApiOperation({
    summary:
      'A short-lived token so an <audio> element can stream without a header; with MEDIA_DELIVERY=nginx (delivery "nginx") the stream URL is ' +
      'a link nginx checks itself, issued once per playback session with RECORDING_PLAYED and renewed by asking again before expiresAt',
  })
  @ApiQuery({
    name: 'purpose',
    required: false,
    enum: MEDIA_TOKEN_PURPOSES,
    description: '`download`: only the download URL will be used, so no playback link is issued and no RECORDING_PLAYED written',
  })
  public mediaToken(
    @Param('id', ParseId()) id: string,
    @ReqContext() context: RequestContext,
    @Query('purpose') purpose?: unknown,
  ): Promise<MediaTokenResponse> {
    return this.mediaTokens.issue(id, context, this.mayDownload(context), parsePurpose(purpose));
  }

  @Get(':id/stream')
  // A player seeking fires range requests in bursts; the general limit must never stall it.
  @SkipThrottle()
  @Roles('COMPLIANCE', 'SUPERVISOR')
  @ApiErrors(400, 404, 409, 410)
  @AcceptsMediaToken()
  @ApiProduces('audio/wav', 'audio/mpeg')
  @ApiQuery({ name: 'token', required: false, description: 'media token instead of a bearer header' })
  @ApiOperation({
    summary:
      'The audio, with byte ranges (206), If-Range, ETag and HEAD; audited once per playback session, with the ranges it fetched. ' +
      'Roles that may not download get at most STREAM_MAX_RANGE_BYTES per response (a shorter 206).',
  })
  public async stream(
    @Param('id', ParseId()) id: string,
    @ReqContext() context: RequestContext,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const recording = await this.recordings.playable(id);
    const token = typeof request.query['token'] === 'string' ? request.query['token'] : undefined;
    const session = await this.playback.open(id, context, token);
    // Playing is not downloading: whoever may not download gets the file only in pieces.
    const sent = await this.media.send(request, response, recording, this.mayDownload(context) ? {} : { maxBytes: this.config.streamMaxRangeBytes });
    await this.playback.recordSent(session, sent);
  }

  @Get(':id/download')
  @Roles('COMPLIANCE')
  @ApiErrors(400, 404, 409, 410)
  @AcceptsMediaToken()
  @ApiProduces('audio/wav', 'audio/mpeg')
  @ApiQuery({ name: 'token', required: false, description: 'media token instead of a bearer header' })
  @ApiOperation({ summary: 'The whole file as an attachment named <date>_<agent>_<to>_<RecordingSid>.<ext> (audited)' })
  public async download(
    @Param('id', ParseId()) id: string,
    @ReqContext() context: RequestContext,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const recording = await this.recordings.playable(id);
    await this.recordings.recordDownload(id, context);
    const attachment = downloadFilename({
      placedAt: recording.placedAt,
      agentName: recording.agentName,
      toNumber: recording.toNumber,
      recordingSid: recording.twilioRecordingSid,
      extension: recording.mimeType === 'audio/mpeg' ? 'mp3' : 'wav',
    });
    await this.media.send(request, response, recording, { attachment });
  }

  private mayDownload(context: RequestContext): boolean {
    return context.user !== undefined && this.downloadRoles.includes(context.user.role);
  }

  @Post('reconcile')
  @HttpCode(202)
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Run the reconciliation sweep now (find recordings whose callback never came)' })
  public async reconcile(): Promise<{ enqueued: true }> {
    await this.jobs.enqueueReconcile(`reconcile-recordings:manual:${Date.now()}`);
    return { enqueued: true };
  }

  @Delete(':id')
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Delete the audio (409 under legal hold); the metadata stays as a tombstone' })
  public async remove(
    @Param('id', ParseId()) id: string,
    @Body() body: DeleteRecordingDto,
    @ReqContext() context: RequestContext,
  ): Promise<RecordingMetadata> {
    await this.removal.deleteOne(id, body.reason, context);
    return this.recordings.metadata(id, context);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @ApiOperation({ summary: 'Download a FAILED recording again' })
  public retry(@Param('id', ParseId()) id: string, @ReqContext() context: RequestContext): Promise<RecordingMetadata> {
    return this.recordings.retry(id, context);
  }
}
