import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatDialog } from '@angular/material/dialog';
import { find, findButton, visibleText } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { FormDialog } from './form-dialog';

@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormDialog, ReactiveFormsModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submits = submits + 1" novalidate>
      <app-form-dialog
        heading="Rename"
        submitLabel="Save"
        progressLabel="Saving"
        errorTestId="rename-error"
        [submitting]="submitting()"
        [errorMessage]="error()"
        [errorIcon]="icon()"
      >
        <input formControlName="name" />
        <span formDialogStatus class="status">3 left</span>
      </app-form-dialog>
    </form>
  `,
})
class RenameDialog {
  public readonly form = new FormGroup({ name: new FormControl('old') });
  public readonly submitting = signal(false);
  public readonly error = signal<string | null>(null);
  public readonly icon = signal('error');
  public submits = 0;
}

describe('FormDialog', () => {
  let dialog: RenameDialog;
  let surface: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    const ref = TestBed.inject(MatDialog).open(RenameDialog);
    dialog = ref.componentInstance;
    await settle();
    surface = find(document, 'mat-dialog-container');
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  it('names the dialog by its heading and keeps the fields inside the form that owns them', () => {
    const title = find(surface, 'h2.mat-mdc-dialog-title');
    expect(title.textContent?.trim()).toBe('Rename');
    expect(surface.getAttribute('aria-labelledby')).toBe(title.id);
    expect(find<HTMLInputElement>(surface, 'mat-dialog-content input').value).toBe('old');
    expect(find(surface, 'mat-dialog-actions .status').textContent).toBe('3 left');
  });

  it('submits the form from its button', async () => {
    findButton(surface, 'Save').click();
    await settle();
    expect(dialog.submits).toBe(1);
  });

  it('shows the refusal in the dialog, with the icon the dialog chose', async () => {
    dialog.error.set('Name taken');
    dialog.icon.set('gavel');
    await settle();
    const banner = find(surface, 'app-form-error[role="alert"]');
    expect(find(banner, '[data-testid="rename-error"]').textContent).toBe('Name taken');
    expect(find(banner, 'mat-icon').textContent?.trim()).toBe('gavel');
  });

  it('disables both buttons and names the spinner while the request runs', async () => {
    dialog.submitting.set(true);
    await settle();
    expect(findButton(surface, 'Cancel').disabled).toBe(true);
    const submit = findButton(surface, 'Save');
    expect(submit.disabled).toBe(true);
    expect(find(submit, 'mat-progress-spinner').getAttribute('aria-label')).toBe('Saving');
    expect(visibleText(submit)).toBe('Save');
  });
});
