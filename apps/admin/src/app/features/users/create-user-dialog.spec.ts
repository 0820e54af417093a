import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { UserDto } from '@callrec/contracts';
import { apiError, userDto } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { CreateUserDialog } from './create-user-dialog';
import { generatePassword } from './generate-password';
import { find, findButton, findByText } from '../../testing/dom';

describe('CreateUserDialog', () => {
  let backend: HttpTestingController;
  let closedWith: UserDto | undefined | 'open';
  let dialog: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    closedWith = 'open';
    TestBed.inject(MatDialog)
      .open<CreateUserDialog, void, UserDto>(CreateUserDialog)
      .afterClosed()
      .subscribe((user) => (closedWith = user));
    await settle();
    dialog = find(document, 'mat-dialog-container');
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  function type(name: string, value: string): void {
    const input = find<HTMLInputElement>(dialog, `input[formControlName="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function chooseRole(label: string): Promise<void> {
    find<HTMLElement>(dialog, 'mat-select .mat-mdc-select-trigger').click();
    await settle();
    findByText(document, 'mat-option .option-label', label).click();
    await settle();
  }

  async function submit(): Promise<void> {
    findButton(dialog, 'Create user').click();
    await settle();
  }

  it('states the password rule and validates every field before sending', async () => {
    expect(dialog.textContent).toContain('At least 12 characters');
    await submit();

    expect(dialog.textContent).toContain("Enter the person's name");
    expect(dialog.textContent).toContain('Enter an email address');
    expect(dialog.textContent).toContain('Choose what this person may do');
    expect(dialog.textContent).toContain('Enter a password of at least 12 characters');
    backend.expectNone('/api/users');
  });

  it('counts how many characters a short password still needs', async () => {
    type('password', 'short');
    await submit();

    expect(dialog.textContent).toContain('Use at least 12 characters (7 more)');
  });

  it('creates the user and closes with it', async () => {
    type('name', ' Jane Doe ');
    type('email', 'jane@example.com');
    await chooseRole('Compliance');
    type('password', 'a-long-enough-password');
    await submit();

    const request = backend.expectOne('/api/users');
    expect(request.request.body).toEqual({
      name: 'Jane Doe',
      email: 'jane@example.com',
      role: 'COMPLIANCE',
      password: 'a-long-enough-password',
    });
    const created = userDto({ role: 'COMPLIANCE' });
    request.flush(created);
    await settle();

    expect(closedWith).toEqual(created);
  });

  it('keeps the dialog open and explains a duplicate email', async () => {
    type('name', 'Jane Doe');
    type('email', 'jane@example.com');
    await chooseRole('Agent');
    type('password', 'a-long-enough-password');
    await submit();

    backend.expectOne('/api/users').flush(apiError(409, 'A user with the email jane@example.com already exists', 'Conflict'), {
      status: 409,
      statusText: 'Conflict',
    });
    await settle();

    expect(closedWith).toBe('open');
    expect(dialog.querySelector('[data-testid="create-user-error"]')?.textContent).toBe(
      'A user with the email jane@example.com already exists',
    );
    expect(dialog.textContent).toContain('Someone already signs in with this email');
  });

  it('suggests a password that satisfies the rule', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(generatePassword()).not.toBe(password);
  });
});
