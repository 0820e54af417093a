import { DOCUMENT, inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { Notifier } from '../core/notifications/notifier';
import { RecordingsApiService } from './recordings-api.service';

/**
 * Saves a recording as the browser's own download, named by the API's Content-Disposition
 * (`<date>_<agent>_<to>_<RecordingSid>.wav`). A plain link cannot carry the bearer token,
 * so each download gets a fresh media token and follows its `downloadUrl`; the file streams
 * straight to disk instead of through the page's memory.
 */
@Injectable({ providedIn: 'root' })
export class RecordingDownloadService {
  private readonly api = inject(RecordingsApiService);
  private readonly document = inject(DOCUMENT);
  private readonly notifier = inject(Notifier);

  public async download(recordingId: string): Promise<boolean> {
    try {
      const token = await firstValueFrom(this.api.mediaToken(recordingId, 'download'));
      const link = this.document.createElement('a');
      link.href = token.downloadUrl;
      link.download = '';
      link.rel = 'noopener';
      link.style.display = 'none';
      this.document.body.appendChild(link);
      link.click();
      link.remove();
      return true;
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
      return false;
    }
  }
}
