import { inject } from '@angular/core';
import { Route } from '@angular/router';
import { AuthSessionStore } from './core/auth/auth-session.store';
import { roleGuard, signedInGuard, signedOutGuard } from './core/auth/auth.guards';
import { SIGN_IN_PATH } from './core/auth/sign-in-url';
import { provideUploadHttpClient } from './core/http/http-client';
import { landingPath, rolesWith } from './core/nav/nav-items';
import { ContactImportsApiService } from './data-access/contact-imports-api.service';
import { soundFirstGuard } from './features/call-records/play-intent';

export const appRoutes: Route[] = [
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage),
  },
  {
    path: '',
    canActivate: [signedInGuard],
    canActivateChild: [signedInGuard],
    loadComponent: () => import('./features/shell/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        // Redirects are worked out before guards run: a signed-out visitor goes straight to
        // sign in, rather than to a landing page that would then send them there.
        redirectTo: () => {
          const session = inject(AuthSessionStore);
          return session.isSignedIn() ? landingPath(session.role()) : SIGN_IN_PATH;
        },
      },
      {
        path: 'overview',
        title: 'Overview',
        loadComponent: () => import('./features/overview/overview-page').then((m) => m.OverviewPage),
      },
      {
        path: 'call-records',
        title: 'Call records',
        canActivate: [roleGuard(...rolesWith('readCalls'))],
        loadComponent: () => import('./features/call-records/call-records-page').then((m) => m.CallRecordsPage),
        children: [
          {
            path: ':id',
            title: 'Recording',
            // Opened by a play click: the sound starts before the drawer is drawn.
            canActivate: [soundFirstGuard],
            loadComponent: () => import('./features/call-records/recording-panel').then((m) => m.RecordingPanel),
          },
        ],
      },
      {
        path: 'coverage',
        title: 'Coverage',
        canActivate: [roleGuard(...rolesWith('readCalls'))],
        loadComponent: () => import('./features/coverage/coverage-page').then((m) => m.CoveragePage),
      },
      {
        path: 'legal-holds',
        title: 'Legal holds',
        canActivate: [roleGuard(...rolesWith('holds'))],
        loadComponent: () => import('./features/legal-holds/legal-holds-page').then((m) => m.LegalHoldsPage),
      },
      {
        path: 'exports',
        title: 'Exports',
        // Evidence bundles hold the audio: for whoever may download recordings (COMPLIANCE, ADMIN).
        canActivate: [roleGuard(...rolesWith('download'))],
        loadComponent: () => import('./features/exports/exports-page').then((m) => m.ExportsPage),
      },
      {
        path: 'audit',
        title: 'Audit log',
        canActivate: [roleGuard(...rolesWith('audit'))],
        loadComponent: () => import('./features/audit/audit-page').then((m) => m.AuditPage),
      },
      {
        path: 'data-lists',
        title: 'Data lists',
        canActivate: [roleGuard(...rolesWith('readCalls'))],
        loadComponent: () => import('./features/data-lists/data-lists-page').then((m) => m.DataListsPage),
      },
      {
        path: 'data-lists/:id',
        title: 'Data list',
        canActivate: [roleGuard(...rolesWith('readCalls'))],
        // The CSV upload reports its progress, which only the XHR backend can.
        providers: [provideUploadHttpClient(), ContactImportsApiService],
        loadComponent: () => import('./features/data-lists/data-list-detail-page').then((m) => m.DataListDetailPage),
      },
      {
        path: 'retention',
        title: 'Retention',
        canActivate: [roleGuard(...rolesWith('admin'))],
        loadComponent: () => import('./features/retention/retention-page').then((m) => m.RetentionPage),
      },
      {
        path: 'pipeline',
        title: 'Recording pipeline',
        canActivate: [roleGuard(...rolesWith('admin'))],
        loadComponent: () => import('./features/pipeline/pipeline-page').then((m) => m.PipelinePage),
      },
      {
        path: 'users',
        title: 'Users',
        canActivate: [roleGuard(...rolesWith('admin'))],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
      },
      {
        path: 'integrations',
        title: 'Integrations',
        canActivate: [roleGuard(...rolesWith('admin'))],
        loadComponent: () => import('./features/integrations/integrations-page').then((m) => m.IntegrationsPage),
      },
      {
        path: 'integrations/webhooks/:id',
        title: 'Webhook deliveries',
        canActivate: [roleGuard(...rolesWith('admin'))],
        loadComponent: () => import('./features/integrations/webhook-deliveries-page').then((m) => m.WebhookDeliveriesPage),
      },
      {
        path: 'account',
        title: 'Account',
        // Every signed-in person: their own second factor (design 9.9).
        loadComponent: () => import('./features/account/account-page').then((m) => m.AccountPage),
      },
      {
        path: '**',
        title: 'Page not found',
        loadComponent: () => import('./features/not-found/not-found-page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
