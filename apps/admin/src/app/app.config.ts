import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { provideRouter, TitleStrategy } from '@angular/router';
import { appRoutes } from './app.routes';
import { provideAppHttpClient } from './core/http/http-client';
import { provideDialogDefaults } from './core/dialog/dialog-defaults';
import { AppTitleStrategy } from './core/title/app-title.strategy';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(appRoutes),
    provideAppHttpClient(),
    { provide: TitleStrategy, useClass: AppTitleStrategy },
    provideDialogDefaults(),
    // Icons come from the bundled Material Symbols font, never from a CDN.
    provideAppInitializer(() => {
      inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
    }),
  ],
};
