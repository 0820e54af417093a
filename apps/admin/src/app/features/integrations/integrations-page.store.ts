import { DestroyRef, inject, Injectable, signal, WritableSignal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiKeyDto, WebhookEndpointDto } from '@callrec/contracts';
import { firstValueFrom, Observable } from 'rxjs';
import { apiErrorMessage } from '../../core/http/api-error';
import { LOADING, Loadable, patchLoaded, toLoadable } from '../../core/loading/loadable';
import { Notifier } from '../../core/notifications/notifier';
import { ApiKeysApiService } from '../../data-access/api-keys-api.service';
import { WebhookEndpointsApiService } from '../../data-access/webhook-endpoints-api.service';

/** The Integrations page's state: API keys and webhook endpoints. */
@Injectable()
export class IntegrationsPageStore {
  private readonly keysApi = inject(ApiKeysApiService);
  private readonly endpointsApi = inject(WebhookEndpointsApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private readonly busy = signal<ReadonlySet<string>>(new Set());

  public readonly keys = signal<Loadable<ApiKeyDto[]>>(LOADING);
  public readonly endpoints = signal<Loadable<WebhookEndpointDto[]>>(LOADING);

  public load(): void {
    this.loadKeys();
    this.loadEndpoints();
  }

  public loadKeys(): void {
    this.fetch(this.keysApi.list(), this.keys);
  }

  public loadEndpoints(): void {
    this.fetch(this.endpointsApi.list(), this.endpoints);
  }

  public isBusy(id: string): boolean {
    return this.busy().has(id);
  }

  public revoke(key: ApiKeyDto): Promise<boolean> {
    return this.withBusy(key.id, async () => {
      await firstValueFrom(this.keysApi.revoke(key.id), { defaultValue: undefined });
      this.notifier.success(`${key.name} is revoked: requests with it are refused from now on`);
      this.loadKeys();
    });
  }

  public saved(endpoint: WebhookEndpointDto): void {
    this.endpoints.update((load) => patchLoaded(load, (all) => all.map((e) => (e.id === endpoint.id ? endpoint : e))));
  }

  public setActive(endpoint: WebhookEndpointDto, active: boolean): Promise<boolean> {
    return this.withBusy(endpoint.id, async () => {
      this.saved(await firstValueFrom(this.endpointsApi.update(endpoint.id, { active })));
      this.notifier.success(
        active ? `Events go to ${endpoint.url} again` : `Nothing more is sent to ${endpoint.url} until you switch it back on`,
      );
    });
  }

  public remove(endpoint: WebhookEndpointDto): Promise<boolean> {
    return this.withBusy(endpoint.id, async () => {
      await firstValueFrom(this.endpointsApi.remove(endpoint.id), { defaultValue: undefined });
      this.endpoints.update((load) => patchLoaded(load, (all) => all.filter((e) => e.id !== endpoint.id)));
      this.notifier.success(`${endpoint.url} is removed`);
    });
  }

  private fetch<T>(source: Observable<T>, target: WritableSignal<Loadable<T>>): void {
    // A reload keeps what is on screen; only the first load shows the skeleton.
    if (target().kind === 'error') {
      target.set(LOADING);
    }
    source.pipe(toLoadable(), takeUntilDestroyed(this.destroyRef)).subscribe((load) => target.set(load));
  }

  private async withBusy(id: string, action: () => Promise<void>): Promise<boolean> {
    if (this.isBusy(id)) {
      return false;
    }
    this.busy.update((ids) => new Set([...ids, id]));
    try {
      await action();
      return true;
    } catch (error: unknown) {
      this.notifier.error(apiErrorMessage(error));
      return false;
    } finally {
      this.busy.update((ids) => new Set([...ids].filter((busyId) => busyId !== id)));
    }
  }
}
