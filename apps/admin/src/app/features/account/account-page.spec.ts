import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MeResponse } from '@callrec/contracts';
import { apiError, authUser } from '../../testing/fixtures';
import { provideSpecDefaults } from '../../testing/providers';
import { find, findButton } from '../../testing/dom';
import { AccountPage } from './account-page';

describe('AccountPage', () => {
  let fixture: ComponentFixture<AccountPage>;
  let backend: HttpTestingController;
  let page: HTMLElement;

  const me = (overrides: Partial<MeResponse> = {}): MeResponse => ({
    ...authUser('SUPERVISOR'),
    twoFactorEnabled: false,
    twoFactorRequired: false,
    ...overrides,
  });

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideSpecDefaults() });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AccountPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const state = () => find(page, '[data-testid="two-factor-state"]').textContent?.trim();

  async function load(body: MeResponse): Promise<void> {
    backend.expectOne('/api/auth/me').flush(body);
    await fixture.whenStable();
  }

  function type(value: string): void {
    const input = find<HTMLInputElement>(page, '[data-testid="two-factor-code"]');
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    find<HTMLButtonElement>(page, 'button[type="submit"]').click();
    await fixture.whenStable();
  }

  it('sets up a second factor: the QR code, the first code, then the recovery codes once', async () => {
    await load(me());
    expect(page.textContent).toContain('Supervisor');
    expect(state()).toContain('Off');

    findButton(page, 'Set up').click();
    await fixture.whenStable();
    backend
      .expectOne('/api/auth/2fa/setup')
      .flush({ otpauthUri: 'otpauth://totp/x', qrCodeDataUrl: 'data:image/png;base64,AAAA', secret: 'JBSWY3DPEHPK3PXP' });
    await fixture.whenStable();
    expect(find<HTMLImageElement>(page, 'img').src).toBe('data:image/png;base64,AAAA');
    expect(find(page, '[data-testid="totp-secret"]').textContent).toBe('JBSW Y3DP EHPK 3PXP');

    type('123456');
    await submit();
    const enable = backend.expectOne('/api/auth/2fa/enable');
    expect(enable.request.body).toEqual({ code: '123456' });
    enable.flush({ recoveryCodes: ['aaaaa-bbbbb', 'ccccc-ddddd'] });
    await fixture.whenStable();

    expect(state()).toContain('On');
    expect(find(page, '[data-testid="recovery-codes"]').textContent).toContain('aaaaa-bbbbb');
    const done = findButton(page, 'Done');
    expect(done.disabled).toBe(true);
    find<HTMLInputElement>(page, 'input[type="checkbox"]').click();
    await fixture.whenStable();
    done.click();
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="recovery-codes"]')).toBeNull();
    expect(page.textContent).toContain('Turn off');
  });

  it("turns it off with a code, and shows the API's refusal of a wrong one", async () => {
    await load(me({ twoFactorEnabled: true }));
    findButton(page, 'Turn off').click();
    await fixture.whenStable();

    type('000000');
    await submit();
    backend
      .expectOne((request) => request.method === 'DELETE' && request.url === '/api/auth/2fa')
      .flush(apiError(401, 'That code is wrong or was already used', 'Unauthorized'), { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(find(page, '[data-testid="two-factor-error"]').textContent).toContain('That code is wrong');

    type('abcde-fghjk');
    await submit();
    const off = backend.expectOne('/api/auth/2fa');
    expect(off.request.body).toEqual({ code: 'abcde-fghjk' });
    off.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(state()).toContain('Off');
  });

  it('offers no way to turn off a factor the role requires', async () => {
    await load(me({ role: 'COMPLIANCE', twoFactorEnabled: true, twoFactorRequired: true }));
    expect(page.textContent).toContain('Your role requires two-factor authentication');
    expect(() => findButton(page, 'Turn off')).toThrow();
  });
});
