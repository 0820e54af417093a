import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointRequest,
  Page,
  UpdateWebhookEndpointRequest,
  WebhookDeliveryDto,
  WebhookEndpointDto,
} from '@callrec/contracts';
import { Observable } from 'rxjs';
import { inlineErrors } from '../core/http/api-error';
import { strictParams } from '../core/http/query-params';

/** Outbound webhooks (ADMIN): endpoints, their delivery log and retries. The secret comes once, in `create`'s answer. */
@Injectable({ providedIn: 'root' })
export class WebhookEndpointsApiService {
  private readonly http = inject(HttpClient);

  public list(): Observable<WebhookEndpointDto[]> {
    return this.http.get<WebhookEndpointDto[]>('/api/webhook-endpoints', { context: inlineErrors() });
  }

  public create(request: CreateWebhookEndpointRequest): Observable<CreatedWebhookEndpoint> {
    return this.http.post<CreatedWebhookEndpoint>('/api/webhook-endpoints', request, { context: inlineErrors() });
  }

  public update(id: string, request: UpdateWebhookEndpointRequest): Observable<WebhookEndpointDto> {
    return this.http.patch<WebhookEndpointDto>(endpoint(id), request, { context: inlineErrors() });
  }

  public remove(id: string): Observable<void> {
    return this.http.delete<void>(endpoint(id), { context: inlineErrors() });
  }

  /** Newest first, each with its attempt log. */
  public deliveries(id: string, page: number, pageSize: number): Observable<Page<WebhookDeliveryDto>> {
    return this.http.get<Page<WebhookDeliveryDto>>(`${endpoint(id)}/deliveries`, {
      params: strictParams({ page, pageSize }),
      context: inlineErrors(),
    });
  }

  /** Answers 202: the delivery is queued again now, whatever its backoff said. */
  public retry(id: string, deliveryId: string): Observable<unknown> {
    return this.http.post(`${endpoint(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`, null, { context: inlineErrors() });
  }
}

function endpoint(id: string): string {
  return `/api/webhook-endpoints/${encodeURIComponent(id)}`;
}
