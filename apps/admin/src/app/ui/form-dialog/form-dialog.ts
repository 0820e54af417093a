import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { FormError } from './form-error';

/**
 * The frame every form dialog shares: the title, the fields (projected), the API's refusal,
 * and Cancel beside a submit button that shows a spinner while the request runs. It goes
 * inside the dialog's `<form>`, so the projected fields still find the form's group and the
 * submit button still submits it:
 *
 * ```html
 * <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
 *   <app-form-dialog heading="Add user" submitLabel="Create user" progressLabel="Creating user"
 *     [submitting]="submission.submitting()" [errorMessage]="submission.errorMessage()">
 *     …fields…
 *     <div formDialogStatus>…shown beside the buttons…</div>
 *   </app-form-dialog>
 * </form>
 * ```
 */
@Component({
  selector: 'app-form-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormError, MatButton, MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle, MatIcon, MatProgressSpinner],
  template: `
    <h2 mat-dialog-title>{{ heading() }}</h2>
    <mat-dialog-content class="content">
      <ng-content />
      @if (errorMessage(); as message) {
        <app-form-error [message]="message" [icon]="errorIcon()" [testId]="errorTestId()" />
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <ng-content select="[formDialogStatus]" />
      <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
      <button mat-flat-button type="submit" [class.destructive]="destructive()" [disabled]="submitting()">
        @if (submitting()) {
          <mat-progress-spinner class="app-button-spinner" diameter="18" mode="indeterminate" [attr.aria-label]="progressLabel()" />
        } @else if (submitIcon(); as icon) {
          <mat-icon>{{ icon }}</mat-icon>
        }
        {{ submitLabel() }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `
    :host {
      /* The title, content and actions lay out as children of the dialog's form. */
      display: contents;
    }
    /* Material drops the top padding of content that follows a title; the fields keep a little air. */
    :host .content.mat-mdc-dialog-content {
      display: flex;
      flex-direction: column;
      gap: 10px;
      padding-top: 4px;
    }
    .destructive {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
  `,
})
export class FormDialog {
  public readonly heading = input.required<string>();
  public readonly submitLabel = input.required<string>();
  /** The spinner's accessible name while the request runs, e.g. "Saving". */
  public readonly progressLabel = input.required<string>();
  /** Disables both buttons and shows the spinner. */
  public readonly submitting = input(false);
  /** The API's refusal (or the form's own check), shown under the fields. */
  public readonly errorMessage = input<string | null>(null);
  public readonly errorIcon = input('error');
  /** Tests find the refusal by this. */
  public readonly errorTestId = input<string>();
  /** An icon before the submit label while nothing is in flight. */
  public readonly submitIcon = input<string | null>(null);
  /** Styles the submit button as an action that cannot be undone. */
  public readonly destructive = input(false);
}
