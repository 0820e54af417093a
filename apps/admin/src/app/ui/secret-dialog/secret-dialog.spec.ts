import { Clipboard } from '@angular/cdk/clipboard';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { find, findButton } from '../../testing/dom';
import { provideSpecDefaults } from '../../testing/providers';
import { settle } from '../../testing/settle';
import { showSecretOnce } from './secret-dialog';

describe('SecretDialog', () => {
  let copies: string[];
  let copyWorks: boolean;
  let closed: boolean;

  beforeEach(async () => {
    copies = [];
    copyWorks = true;
    closed = false;
    TestBed.configureTestingModule({
      providers: [
        ...provideSpecDefaults(),
        { provide: Clipboard, useValue: { copy: (text: string) => copies.push(text) > 0 && copyWorks } },
      ],
    });
    showSecretOnce(TestBed.inject(MatDialog), {
      title: 'Your new API key',
      label: 'API key',
      secret: 'crk_live_abc',
      usage: 'Send it as a bearer token.',
    }).subscribe(() => (closed = true));
    await settle();
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => element.remove());
  });

  const surface = () => find(document, 'mat-dialog-container');

  it('shows the secret with its name, what to do with it, and that it is shown only once', () => {
    expect(find(surface(), 'h2').textContent).toContain('Your new API key');
    expect(find(surface(), '[data-testid="shown-secret"]').textContent).toBe('crk_live_abc');
    expect(surface().textContent).toContain('you will not see it again');
    expect(surface().textContent).toContain('Send it as a bearer token.');
  });

  it('copies it and says so; a refused copy leaves the button as it was', async () => {
    copyWorks = false;
    find<HTMLButtonElement>(surface(), '[data-testid="copy-secret"]').click();
    await settle();
    expect(find(surface(), '[data-testid="copy-secret"]').textContent).toContain('Copy');
    expect(find(surface(), '[data-testid="copy-secret"]').textContent).not.toContain('Copied');

    copyWorks = true;
    find<HTMLButtonElement>(surface(), '[data-testid="copy-secret"]').click();
    await settle();
    expect(copies).toEqual(['crk_live_abc', 'crk_live_abc']);
    expect(find(surface(), '[data-testid="copy-secret"]').textContent).toContain('Copied');
    expect(surface().textContent).toContain('API key copied to the clipboard');
  });

  it('closes only with Done: not with Escape, not with a click beside it', async () => {
    surface().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    find<HTMLElement>(document, '.cdk-overlay-backdrop').click();
    await settle();
    expect(closed).toBe(false);
    findButton(surface(), 'Done').click();
    await settle();
    expect(closed).toBe(true);
  });
});
