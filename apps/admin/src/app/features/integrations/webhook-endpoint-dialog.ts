import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MatCheckbox } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import {
  CreatedWebhookEndpoint,
  OUTBOUND_EVENT_TYPES,
  OutboundEventType,
  UpdateWebhookEndpointRequest,
  WebhookEndpointDto,
} from '@callrec/contracts';
import { WebhookEndpointsApiService } from '../../data-access/webhook-endpoints-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { OUTBOUND_EVENT_SUMMARIES } from './integration-labels';

export interface WebhookEndpointDialogData {
  /** Absent for a new endpoint. */
  readonly endpoint?: WebhookEndpointDto;
}

/** A new endpoint closes with its id and secret (shown once by the page); an edited one with the endpoint. */
export type WebhookEndpointDialogResult = CreatedWebhookEndpoint | WebhookEndpointDto;

export function isCreated(result: WebhookEndpointDialogResult): result is CreatedWebhookEndpoint {
  return 'secret' in result;
}

@Component({
  selector: 'app-webhook-endpoint-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, MatCheckbox, MatError, MatFormField, MatHint, MatInput, MatLabel, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <app-form-dialog
        [heading]="editing ? 'Edit webhook endpoint' : 'New webhook endpoint'"
        [submitLabel]="editing ? 'Save changes' : 'Add endpoint'"
        [progressLabel]="editing ? 'Saving' : 'Adding endpoint'"
        errorTestId="webhook-endpoint-error"
        [submitting]="submission.submitting()"
        [errorMessage]="submission.errorMessage()"
      >
        <mat-form-field appearance="outline">
          <mat-label>URL</mat-label>
          <input matInput type="url" formControlName="url" autocomplete="off" spellcheck="false" required />
          <mat-hint>Events are POSTed here in the Standard Webhooks format, signed with the endpoint's secret</mat-hint>
          @if (form.controls.url.hasError('required')) {
            <mat-error>Enter the address that receives the events</mat-error>
          } @else if (form.controls.url.hasError('pattern')) {
            <mat-error>Enter a full address such as https://crm.example.com/hooks/calls</mat-error>
          } @else if (form.controls.url.hasError('maxlength')) {
            <mat-error>Use at most 2000 characters</mat-error>
          }
        </mat-form-field>

        <fieldset class="events" formArrayName="events">
          <legend>Events to send</legend>
          @for (event of eventTypes; track event) {
            <mat-checkbox [formControlName]="$index">
              <span class="event-name">{{ event }}</span>
              <span class="event-summary">{{ summaries[event] }}</span>
            </mat-checkbox>
          }
          @if (form.controls.events.touched && form.controls.events.hasError('none')) {
            <mat-error role="alert">Pick at least one event</mat-error>
          }
        </fieldset>

        <mat-form-field appearance="outline">
          <mat-label>Description</mat-label>
          <input matInput formControlName="description" autocomplete="off" />
          @if (form.controls.description.hasError('maxlength')) {
            <mat-error>Use at most 500 characters</mat-error>
          }
        </mat-form-field>
      </app-form-dialog>
    </form>
  `,
  styles: `
    .events {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 0 0 8px;
      padding: 0;
      border: 0;
    }
    legend {
      margin-bottom: 4px;
      font: var(--mat-sys-title-small);
    }
    .event-name {
      display: block;
      font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
      font-size: 13px;
    }
    .event-summary {
      display: block;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    mat-error {
      font: var(--mat-sys-body-small);
    }
  `,
})
export class WebhookEndpointDialog {
  private readonly api = inject(WebhookEndpointsApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<WebhookEndpointDialogData>(MAT_DIALOG_DATA);
  protected readonly editing = this.data.endpoint !== undefined;
  protected readonly eventTypes = OUTBOUND_EVENT_TYPES;
  protected readonly summaries = OUTBOUND_EVENT_SUMMARIES;
  private readonly initialEvents = new Set<OutboundEventType>(this.data.endpoint?.events ?? OUTBOUND_EVENT_TYPES);
  protected readonly form = this.fb.group({
    url: [this.data.endpoint?.url ?? '', [Validators.required, Validators.maxLength(2000), Validators.pattern(/^https?:\/\/[^\s/]+\S*$/i)]],
    // One checkbox per OUTBOUND_EVENT_TYPES entry, in that order.
    events: this.fb.array(
      OUTBOUND_EVENT_TYPES.map((event) => this.initialEvents.has(event)),
      { validators: atLeastOne },
    ),
    description: [this.data.endpoint?.description ?? '', [Validators.maxLength(500)]],
  });
  protected readonly submission = dialogSubmission<WebhookEndpointDialogResult>();

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const url = this.form.controls.url.value.trim();
    const description = this.form.controls.description.value.trim();
    const checked = this.form.controls.events.getRawValue();
    const events = OUTBOUND_EVENT_TYPES.filter((_event, index) => checked[index]);
    const endpoint = this.data.endpoint;
    if (endpoint) {
      const change: UpdateWebhookEndpointRequest = {};
      if (url !== endpoint.url) {
        change.url = url;
      }
      if (events.join() !== OUTBOUND_EVENT_TYPES.filter((event) => endpoint.events.includes(event)).join()) {
        change.events = events;
      }
      if (description !== (endpoint.description ?? '')) {
        change.description = description;
      }
      this.submission.send(this.api.update(endpoint.id, change));
    } else {
      this.submission.send(this.api.create({ url, events, ...(description ? { description } : {}) }));
    }
  }
}

function atLeastOne(group: AbstractControl): ValidationErrors | null {
  return (group.value as boolean[]).some(Boolean) ? null : { none: true };
}
