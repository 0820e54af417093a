import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator } from '@angular/material/paginator';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { bodySnippet, DELIVERY_STATUS_LOOKS } from './integration-labels';
import { WebhookDeliveriesStore } from './webhook-deliveries.store';

/** ADMIN: what was sent to one webhook endpoint, each attempt's answer, and a retry. */
@Component({
  selector: 'app-webhook-deliveries-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [WebhookDeliveriesStore],
  imports: [
    DatePipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatIcon,
    MatIconButton,
    MatPaginator,
    MatProgressSpinner,
    MatTooltip,
    PageHeader,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './webhook-deliveries-page.html',
  styleUrl: './webhook-deliveries-page.scss',
})
export class WebhookDeliveriesPage implements OnInit {
  protected readonly store = inject(WebhookDeliveriesStore);
  protected readonly deliveries = this.store.deliveries;
  protected readonly looks = DELIVERY_STATUS_LOOKS;
  protected readonly snippet = bodySnippet;
  protected readonly pageSizes = [25, 50, 100];
  protected readonly skeletonRows = [1, 2, 3];
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());

  public ngOnInit(): void {
    this.store.loadEndpoint();
  }

  protected toggle(id: string): void {
    this.expanded.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });
  }
}
