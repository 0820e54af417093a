import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { AuditEventDto, IdName } from '@callrec/contracts';
import { catchError, firstValueFrom, map, of } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { apiErrorMessage } from '../../core/http/api-error';
import { Notifier } from '../../core/notifications/notifier';
import { RecordingsApiService } from '../../data-access/recordings-api.service';
import { UsersApiService } from '../../data-access/users-api.service';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { AuditChainBadge } from './audit-chain-badge';
import { AUDIT_ACTION_LOOKS, eventDetails, eventSummary } from './audit-events';
import { AUDIT_PAGE_SIZES, AuditFilters, hasAuditNarrowing } from './audit-filters';
import { AuditFilterBar } from './audit-filter-bar';
import { AuditPageStore } from './audit-page.store';

/** COMPLIANCE and ADMIN: who did what to which recording, and proof that the record is whole. */
@Component({
  selector: 'app-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [AuditPageStore],
  imports: [
    AuditChainBadge,
    AuditFilterBar,
    DatePipe,
    DecimalPipe,
    EmptyState,
    ErrorState,
    MatButton,
    MatIcon,
    MatIconButton,
    MatPaginator,
    MatProgressBar,
    MatTooltip,
    PageHeader,
    StatusChip,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
})
export class AuditPage {
  private readonly notifier = inject(Notifier);
  private readonly recordingsApi = inject(RecordingsApiService);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);

  protected readonly store = inject(AuditPageStore);
  protected readonly looks = AUDIT_ACTION_LOOKS;
  protected readonly pageSizes = AUDIT_PAGE_SIZES;
  protected readonly skeletonRows = Array.from({ length: 8 }, (_, i) => i);
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly opening = signal<string | null>(null);
  protected readonly narrowed = computed(() => hasAuditNarrowing(this.store.filters()));

  /** Only ADMIN may list users; everyone else picks from the actors seen in the log. */
  private readonly users = toSignal(
    this.session.role() === 'ADMIN'
      ? inject(UsersApiService)
          .list()
          .pipe(
            map((users) => users.map(({ id, name }): IdName => ({ id, name }))),
            catchError(() => of<IdName[]>([])),
          )
      : of<IdName[]>([]),
    { initialValue: [] },
  );
  protected readonly actors = computed(() => {
    const byId = new Map(this.users().map((user) => [user.id, user.name]));
    for (const [id, name] of this.store.actors()) {
      byId.set(id, name);
    }
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  });

  protected summary(event: AuditEventDto): string {
    return eventSummary(event);
  }

  protected details(event: AuditEventDto) {
    return eventDetails(event);
  }

  protected isExpanded(id: string): boolean {
    return this.expanded().has(id);
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

  protected change(change: Partial<AuditFilters>): void {
    this.store.change(change);
  }

  /**
   * Events name a recording, not its call: the call is looked up when asked for. That
   * lookup is itself an audited "details viewed", as opening the recording would be.
   */
  protected async openCall(recordingId: string): Promise<void> {
    this.opening.set(recordingId);
    try {
      const metadata = await firstValueFrom(this.recordingsApi.metadata(recordingId));
      await this.router.navigate(['/call-records', metadata.call.id]);
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
    } finally {
      this.opening.set(null);
    }
  }
}
