import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, OnInit, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDivider } from '@angular/material/divider';
import { MatIcon } from '@angular/material/icon';
import { MatListItem, MatListItemIcon, MatListItemTitle, MatNavList } from '@angular/material/list';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { MatSidenav, MatSidenavContainer, MatSidenavContent } from '@angular/material/sidenav';
import { MatToolbar } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { finalize, map, tap } from 'rxjs';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { SIGN_IN_PATH } from '../../core/auth/sign-in-url';
import { navItemsFor } from '../../core/nav/nav-items';
import { Notifier } from '../../core/notifications/notifier';
import { PRODUCT_NAME } from '../../core/title/app-title.strategy';
import { AuthApiService } from '../../data-access/auth-api.service';
import { Avatar } from '../../ui/avatar/avatar';
import { BrandMark } from '../../ui/brand-mark/brand-mark';
import { RoleChip } from '../../ui/role-chip/role-chip';

/** Below this width the navigation becomes a drawer so the content keeps its room. */
const COMPACT_QUERY = '(max-width: 1023.98px)';

@Component({
  selector: 'app-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    Avatar,
    BrandMark,
    MatButton,
    MatDivider,
    MatIcon,
    MatIconButton,
    MatListItem,
    MatListItemIcon,
    MatListItemTitle,
    MatMenu,
    MatMenuItem,
    MatMenuTrigger,
    MatNavList,
    MatSidenav,
    MatSidenavContainer,
    MatSidenavContent,
    MatToolbar,
    RoleChip,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
})
export class Shell implements OnInit {
  private readonly authApi = inject(AuthApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly notifier = inject(Notifier);
  private readonly router = inject(Router);
  private readonly session = inject(AuthSessionStore);

  protected readonly productName = PRODUCT_NAME;
  protected readonly user = this.session.user;
  protected readonly navItems = computed(() => navItemsFor(this.session.role()));
  protected readonly drawerOpen = signal(false);
  protected readonly compact = toSignal(
    inject(BreakpointObserver)
      .observe(COMPACT_QUERY)
      .pipe(
        map((state) => state.matches),
        // Crossing the breakpoint either way starts with the drawer closed.
        tap(() => this.drawerOpen.set(false)),
      ),
    { initialValue: false },
  );
  protected readonly sidenavOpened = computed(() => !this.compact() || this.drawerOpen());

  public ngOnInit(): void {
    // The stored name and role may be stale: an admin can rename or re-role anyone.
    this.authApi
      .me()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (user) => this.session.updateUser(user), error: () => undefined });
  }

  protected toggleDrawer(): void {
    this.drawerOpen.update((open) => !open);
  }

  /** The drawer closes itself on Escape or a backdrop click; only then is its state ours to track. */
  protected onDrawerChange(open: boolean): void {
    if (this.compact()) {
      this.drawerOpen.set(open);
    }
  }

  protected onNavigate(): void {
    if (this.compact()) {
      this.drawerOpen.set(false);
    }
  }

  /**
   * Ends the session on the server before forgetting the token here, so the token (and any
   * media link or event stream of this session) stops working everywhere, not just in this tab.
   * Signing out locally goes ahead if the server cannot be reached.
   */
  protected signOut(): void {
    this.authApi
      .logout()
      .pipe(
        finalize(() => {
          this.session.clear();
          void this.router.navigateByUrl(SIGN_IN_PATH);
          this.notifier.info('You have signed out.');
        }),
      )
      .subscribe({ error: () => undefined });
  }
}
