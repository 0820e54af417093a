import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentProviders, Provider } from '@angular/core';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideDialogDefaults } from '../core/dialog/dialog-defaults';

/**
 * HTTP through Angular's testing backend, Material without animations (jsdom never fires
 * animationend, so dialogs would otherwise never finish closing), and the app's own dialog
 * options, so dialogs handle focus in specs as they do in the product.
 */
export function provideSpecDefaults(): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    provideDialogDefaults(),
  ];
}
