import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { Role } from '@callrec/contracts';
import { Notifier } from '../notifications/notifier';
import { AuthSessionStore } from './auth-session.store';
import { signInUrlTree } from './sign-in-url';

/** Lets signed-in users through; sends everyone else to sign in and back here afterwards. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  const session = inject(AuthSessionStore);
  if (session.isSignedIn()) {
    return true;
  }
  // An expired session is dropped now so the sign-in page starts clean.
  session.clear();
  return signInUrlTree(inject(Router), state.url);
};

/** Keeps a signed-in user from seeing the sign-in form again. */
export const signedOutGuard: CanActivateFn = () => (inject(AuthSessionStore).isSignedIn() ? inject(Router).createUrlTree(['/']) : true);

/** Lets only the given roles through; others land on the overview with a reason. */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const session = inject(AuthSessionStore);
    const router = inject(Router);
    if (!session.isSignedIn()) {
      session.clear();
      return signInUrlTree(router, state.url);
    }
    const role = session.role();
    if (role !== null && roles.includes(role)) {
      return true;
    }
    inject(Notifier).info(`That page needs the ${roles.join(' or ')} role.`);
    return router.createUrlTree(['/']);
  };
}
