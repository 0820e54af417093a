import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatSlideToggle, MatSlideToggleChange } from '@angular/material/slide-toggle';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { ApiKeyDto, CreatedApiKey, WebhookEndpointDto } from '@callrec/contracts';
import { Notifier } from '../../core/notifications/notifier';
import { confirmAction } from '../../ui/confirm-dialog/confirm-dialog';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { showSecretOnce } from '../../ui/secret-dialog/secret-dialog';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { ApiKeyDialog } from './api-key-dialog';
import { API_KEY_ROLE_LOOKS } from './integration-labels';
import { IntegrationsPageStore } from './integrations-page.store';
import { isCreated, WebhookEndpointDialog, WebhookEndpointDialogData, WebhookEndpointDialogResult } from './webhook-endpoint-dialog';

/** ADMIN: API keys for dialers and CRMs, and the webhook endpoints told about calls and recordings. */
@Component({
  selector: 'app-integrations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [IntegrationsPageStore],
  imports: [
    DatePipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatIcon,
    MatIconButton,
    MatSlideToggle,
    MatTooltip,
    PageHeader,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './integrations-page.html',
  styleUrl: './integrations-page.scss',
})
export class IntegrationsPage implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  protected readonly store = inject(IntegrationsPageStore);
  protected readonly roleLooks = API_KEY_ROLE_LOOKS;
  protected readonly skeletonRows = [1, 2];

  public ngOnInit(): void {
    this.store.load();
  }

  protected createKey(): void {
    this.dialog
      .open<ApiKeyDialog, void, CreatedApiKey>(ApiKeyDialog, { width: '560px', maxWidth: '94vw' })
      .afterClosed()
      .subscribe((created) => {
        if (created) {
          this.store.loadKeys();
          showSecretOnce(this.dialog, {
            title: 'Your new API key',
            label: 'API key',
            secret: created.key,
            usage: 'Send it in the Authorization header of every request: Authorization: Bearer <key>.',
          });
        }
      });
  }

  protected revoke(key: ApiKeyDto): void {
    confirmAction(this.dialog, {
      title: `Revoke ${key.name}?`,
      message:
        'Whatever uses this key is refused from its next request. This cannot be undone: a new key would have to be made and installed.',
      confirmLabel: 'Revoke key',
      destructive: true,
    }).subscribe((confirmed) => {
      if (confirmed) {
        void this.store.revoke(key);
      }
    });
  }

  protected openEndpoint(endpoint?: WebhookEndpointDto): void {
    this.dialog
      .open<WebhookEndpointDialog, WebhookEndpointDialogData, WebhookEndpointDialogResult>(WebhookEndpointDialog, {
        data: { endpoint },
        width: '620px',
        maxWidth: '94vw',
      })
      .afterClosed()
      .subscribe((result) => {
        if (!result) {
          return;
        }
        if (isCreated(result)) {
          this.store.loadEndpoints();
          showSecretOnce(this.dialog, {
            title: 'The endpoint’s signing secret',
            label: 'Signing secret',
            secret: result.secret,
            usage: 'The receiver verifies each event’s webhook-signature header with it (the standardwebhooks library does this).',
          });
        } else {
          this.store.saved(result);
          this.notifier.success(`${result.url} is saved`);
        }
      });
  }

  protected async toggle(endpoint: WebhookEndpointDto, change: MatSlideToggleChange): Promise<void> {
    const changed = await this.store.setActive(endpoint, change.checked);
    if (!changed) {
      // The toggle already shows the refused state; put the real one back.
      change.source.checked = endpoint.active;
    }
  }

  protected remove(endpoint: WebhookEndpointDto): void {
    confirmAction(this.dialog, {
      title: 'Remove this webhook endpoint?',
      message: `Nothing more is sent to ${endpoint.url}, and its delivery log goes with it. Switching it off instead keeps both.`,
      confirmLabel: 'Remove endpoint',
      destructive: true,
    }).subscribe((confirmed) => {
      if (confirmed) {
        void this.store.remove(endpoint);
      }
    });
  }
}
