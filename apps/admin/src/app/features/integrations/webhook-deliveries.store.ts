import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Params } from '@angular/router';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, WebhookDeliveryDto, WebhookEndpointDto } from '@callrec/contracts';
import { firstValueFrom, map } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, toLoadable } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { PagedFilters, urlPagedList } from '../../core/paging/url-paged-list';
import { WebhookEndpointsApiService } from '../../data-access/webhook-endpoints-api.service';

/**
 * One endpoint's delivery log, paged through the URL, with a retry per delivery. The API has
 * no route for one endpoint, so the endpoint is found in the list of all of them.
 */
@Injectable()
export class WebhookDeliveriesStore {
  private readonly api = inject(WebhookEndpointsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private readonly retrying = signal<ReadonlySet<string>>(new Set());

  public readonly id = inject(ActivatedRoute).snapshot.paramMap.get('id') ?? '';
  public readonly endpoint = signal<Loadable<WebhookEndpointDto | null>>(LOADING);
  public readonly deliveries = urlPagedList<PagedFilters, WebhookDeliveryDto>({
    fromParams: pageFromParams,
    toParams: (filters) => ({
      page: filters.page > 1 ? filters.page : null,
      pageSize: filters.pageSize !== DEFAULT_PAGE_SIZE ? filters.pageSize : null,
    }),
    fetch: (filters) => this.api.deliveries(this.id, filters.page, filters.pageSize),
  });
  public readonly endpointUrl = computed(() => {
    const load = this.endpoint();
    return load.kind === 'ready' ? (load.value?.url ?? null) : null;
  });

  public loadEndpoint(): void {
    this.endpoint.set(LOADING);
    this.api
      .list()
      .pipe(
        map((all) => all.find((endpoint) => endpoint.id === this.id) ?? null),
        toLoadable(),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((load) => this.endpoint.set(load));
  }

  public isRetrying(deliveryId: string): boolean {
    return this.retrying().has(deliveryId);
  }

  /** Queues the delivery again now, then reads the log again so its new state shows. */
  public async retry(delivery: WebhookDeliveryDto): Promise<void> {
    if (this.isRetrying(delivery.id)) {
      return;
    }
    this.retrying.update((ids) => new Set([...ids, delivery.id]));
    try {
      await firstValueFrom(this.api.retry(this.id, delivery.id));
      this.notifier.success(`The ${delivery.eventType} event is being sent again`);
      this.deliveries.reload();
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
    } finally {
      this.retrying.update((ids) => new Set([...ids].filter((id) => id !== delivery.id)));
    }
  }
}

function pageFromParams(params: Params): PagedFilters {
  const page = Number(params['page']);
  const pageSize = Number(params['pageSize']);
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: Number.isInteger(pageSize) && pageSize >= 1 ? Math.min(pageSize, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
  };
}
