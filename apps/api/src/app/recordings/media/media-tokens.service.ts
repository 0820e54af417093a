import { BadRequestException, Injectable } from '@nestjs/common';
import { MediaTokenResponse } from '@callrec/contracts';
import { AppConfig } from '../../../services/config/app-config';
import { StorageBackend } from '../../../services/storage/recording-store';
import { RecordingStores } from '../../../services/storage/recording-stores';
import { RequestContext } from '../../../common/request-context';
import { TokenService } from '../../auth/token.service';
import { PlaybackSessionsService } from '../playback/playback-sessions.service';
import { RecordingsService } from '../recordings.service';
import { mayLink, signMediaLink } from './media-link';

export const MEDIA_TOKEN_PURPOSES = ['play', 'download'] as const;
export type MediaTokenPurpose = (typeof MEDIA_TOKEN_PURPOSES)[number];

/** `?purpose=`: `play` when absent (what the player asks for), else one of MEDIA_TOKEN_PURPOSES. */
export function parsePurpose(value: unknown): MediaTokenPurpose {
  if (value === undefined) return 'play';
  if (typeof value === 'string' && (MEDIA_TOKEN_PURPOSES as readonly string[]).includes(value)) return value as MediaTokenPurpose;
  throw new BadRequestException(`purpose must be one of ${MEDIA_TOKEN_PURPOSES.join(', ')}`);
}

/**
 * `POST /api/recordings/:id/media-token`: a short-lived token for the API's stream and download
 * URLs, or a stream URL that needs no API round trip per range: with MEDIA_DELIVERY=nginx a
 * link nginx checks itself, with MEDIA_DELIVERY=redirect the object store's presigned GET.
 * Issuing such a link is the playback's one authorisation and its audit (RECORDING_PLAYED, once
 * per playback session); the download URL stays the API's, audited per download.
 */
@Injectable()
export class MediaTokensService {
  public constructor(
    private readonly config: AppConfig,
    private readonly playback: PlaybackSessionsService,
    private readonly recordings: RecordingsService,
    private readonly stores: RecordingStores,
    private readonly tokens: TokenService,
  ) {}

  public async issue(id: string, context: RequestContext, mayDownload: boolean, purpose: MediaTokenPurpose = 'play'): Promise<MediaTokenResponse> {
    const recording = await this.recordings.playable(id);
    const { token, expiresAt } = this.tokens.signMedia(context.user?.id ?? '', context.sessionId ?? '', id);
    const query = `token=${encodeURIComponent(token)}`;
    const downloadUrl = `/api/recordings/${id}/download?${query}`;
    // A download is audited by the download route itself: issuing a playback link for it would
    // write a RECORDING_PLAYED for audio no one played.
    const link = this.config.mediaDelivery === 'nginx' && purpose === 'play' ? this.config.mediaLink : undefined;
    const clientIp = context.ip;
    if (link && clientIp !== null && mayLink({ ...recording, storageBackend: `${recording.storageBackend}`, mayDownload, clientIp })) {
      // Audited before the link leaves: a link handed out is playback that may begin.
      await this.playback.openForLink(id, context);
      const expires = Math.floor(Date.now() / 1000) + link.seconds;
      return {
        token,
        // The link's end, which comes first: the player renews before it.
        expiresAt: new Date(Math.min(expires * 1000, expiresAt.getTime())).toISOString(),
        streamUrl: signMediaLink(link, recording.storageKey, clientIp, expires),
        downloadUrl,
        delivery: 'nginx',
      };
    }
    // The rules of mediaDeliveryFor: encrypted rows and capped roles stay on the API's stream URL.
    const presigns = this.config.mediaDelivery === 'redirect' && recording.storageBackend === StorageBackend.S3 && !recording.encrypted;
    if (presigns && mayDownload && purpose === 'play') {
      const location = await this.stores.of(recording.storageBackend).presignRead(recording.storageKey, {
        expiresInSeconds: this.config.mediaPresignSeconds,
        contentType: recording.mimeType,
      });
      if (location !== null) {
        await this.playback.openForLink(id, context);
        const ends = Date.now() + this.config.mediaPresignSeconds * 1000;
        return {
          token,
          expiresAt: new Date(Math.min(ends, expiresAt.getTime())).toISOString(),
          streamUrl: location,
          downloadUrl,
          delivery: 'redirect',
        };
      }
    }
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      streamUrl: `/api/recordings/${id}/stream?${query}`,
      downloadUrl,
      // A capped role's stream URL is the API's, which proxies it (MediaResponder); the download
      // URL still answers 302 to the store, so the player is told the media may come from there.
      delivery: presigns ? 'redirect' : 'proxy',
    };
  }
}
