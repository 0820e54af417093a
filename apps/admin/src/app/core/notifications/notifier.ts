import { EnvironmentInjector, inject, Injectable } from '@angular/core';
import type { MatSnackBar, MatSnackBarConfig } from '@angular/material/snack-bar';

/**
 * One place that decides how transient messages look and how long they stay. The snack bar
 * (and the overlay under it) loads on first use, keeping it out of the sign-in page's first load.
 */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly injector = inject(EnvironmentInjector);
  private snackBar?: Promise<MatSnackBar>;

  public success(message: string): void {
    void this.open(message, undefined, { duration: 4000, panelClass: 'app-snack-success' });
  }

  public info(message: string): void {
    void this.open(message, undefined, { duration: 5000 });
  }

  /** Errors stay longer and can be dismissed: they often need to be read twice. */
  public error(message: string): void {
    void this.open(message, 'Dismiss', {
      duration: 10000,
      panelClass: 'app-snack-error',
      politeness: 'assertive',
    });
  }

  private async open(message: string, action: string | undefined, config: MatSnackBarConfig): Promise<void> {
    this.snackBar ??= import('@angular/material/snack-bar').then((m) => this.injector.get(m.MatSnackBar));
    (await this.snackBar).open(message, action, config);
  }
}
