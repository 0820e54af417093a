import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { of } from 'rxjs';
import { PlaceCallDialog } from '../../features/call-records/place-call-dialog';
import { PlaceHoldDialog } from '../../features/legal-holds/place-hold-dialog';
import { RetentionPolicyDialog } from '../../features/retention/retention-policy-dialog';
import { CreateUserDialog } from '../../features/users/create-user-dialog';
import { AGENTS, DATA_LISTS } from '../../testing/call-fixtures';
import { find } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { ReasonDialog } from '../../ui/reason-dialog/reason-dialog';

interface FormDialog {
  readonly name: string;
  open(dialog: MatDialog): MatDialogRef<unknown>;
  /** Where a keyboard user starts typing. */
  readonly first: string;
  /** A later field someone can click into before the dialog has finished opening; absent when there is none. */
  readonly later?: string;
}

/** Every dialog of the admin with form fields, opened the way its page opens it. */
const FORM_DIALOGS: readonly FormDialog[] = [
  {
    name: 'PlaceHoldDialog',
    open: (dialog) => dialog.open(PlaceHoldDialog, { data: { agents: AGENTS, dataLists: DATA_LISTS } }),
    first: 'input[formControlName="name"]',
    later: 'textarea[formControlName="reason"]',
  },
  {
    name: 'RetentionPolicyDialog',
    open: (dialog) => dialog.open(RetentionPolicyDialog, { data: { agents: AGENTS, dataLists: DATA_LISTS } }),
    first: 'input[formControlName="name"]',
    later: 'input[formControlName="retainDays"]',
  },
  {
    name: 'CreateUserDialog',
    open: (dialog) => dialog.open(CreateUserDialog),
    first: 'input[formControlName="name"]',
    later: 'input[formControlName="email"]',
  },
  {
    name: 'PlaceCallDialog',
    open: (dialog) => dialog.open(PlaceCallDialog, { data: { dataLists: DATA_LISTS } }),
    first: 'input[formControlName="to"]',
    later: 'mat-select[formControlName="dataListId"]',
  },
  {
    name: 'ReasonDialog',
    open: (dialog) =>
      dialog.open(ReasonDialog, {
        data: {
          title: 'Delete?',
          message: ['Gone for good.'],
          reasonLabel: 'Reason',
          reasonError: 'Say why',
          actionLabel: 'Delete',
          progressLabel: 'Deleting',
          submit: () => of(null),
        },
      }),
    first: 'textarea',
  },
];

describe('focus in the form dialogs', () => {
  let opened: boolean;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    opened = false;
    // jsdom lays nothing out, so the CDK's InteractivityChecker would find no field visible
    // and focus the dialog's container instead; a width is all it asks of an element.
    jest.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(320);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    jest.restoreAllMocks();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  /**
   * Opens the dialog and renders it once, as the browser first paints it: the person sees it
   * and can click into it, but its opening (with animations off, the next microtask; with
   * them, 150 ms later) has not finished.
   */
  function openAndRender(formDialog: FormDialog): void {
    formDialog
      .open(TestBed.inject(MatDialog))
      .afterOpened()
      .subscribe(() => (opened = true));
    TestBed.inject(ApplicationRef).tick();
    expect(opened).toBe(false);
  }

  const field = (selector: string) => find<HTMLElement>(document, `mat-dialog-container ${selector}`);

  it.each(FORM_DIALOGS)('$name has focus in its first field as soon as it shows, and keeps it there', async (formDialog) => {
    openAndRender(formDialog);
    expect(document.activeElement).toBe(field(formDialog.first));

    await settle();
    expect(opened).toBe(true);
    expect(document.activeElement).toBe(field(formDialog.first));
  });

  it.each(FORM_DIALOGS.filter((formDialog) => formDialog.later))(
    '$name leaves focus in a field the person chose while it was still opening',
    async (formDialog) => {
      openAndRender(formDialog);
      const chosen = field(formDialog.later as string);
      chosen.focus();

      await settle();
      expect(opened).toBe(true);
      expect(document.activeElement).toBe(chosen);
    },
  );
});
