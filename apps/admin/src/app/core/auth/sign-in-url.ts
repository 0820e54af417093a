import { Router, UrlTree } from '@angular/router';

export const SIGN_IN_PATH = '/sign-in';

/** `/sign-in?returnUrl=…`, leaving out the return address when it is just the home page. */
export function signInUrlTree(router: Router, returnUrl: string): UrlTree {
  const queryParams = returnUrl && returnUrl !== '/' ? { returnUrl } : {};
  return router.createUrlTree([SIGN_IN_PATH], { queryParams });
}

/**
 * Only an in-app path may be a return address; anything else (`//evil.example`,
 * `https://…`) would turn the sign-in page into an open redirect.
 */
export function safeReturnUrl(candidate: string | null | undefined): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
    return '/';
  }
  return candidate.startsWith(SIGN_IN_PATH) ? '/' : candidate;
}
