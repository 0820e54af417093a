import { FetchBackend, HttpBackend, HttpClient, HttpXhrBackend } from '@angular/common/http';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Route } from '@angular/router';
import { appRoutes } from '../../app.routes';
import { ContactImportsApiService } from '../../data-access/contact-imports-api.service';
import { provideAppHttpClient } from './http-client';

describe('the HTTP backends', () => {
  it('sends the app’s requests with fetch', () => {
    TestBed.configureTestingModule({ providers: [provideAppHttpClient()] });
    expect(TestBed.inject(HttpBackend)).toBeInstanceOf(FetchBackend);
  });

  it('gives the data list page an XHR client for its upload, the only backend that reports upload progress', () => {
    TestBed.configureTestingModule({ providers: [provideAppHttpClient()] });
    const shell = appRoutes.find((route) => route.children !== undefined) as Route;
    const detail = shell.children?.find((route) => route.path === 'data-lists/:id') as Route;
    const routeInjector = createEnvironmentInjector(detail.providers ?? [], TestBed.inject(EnvironmentInjector));

    expect(routeInjector.get(HttpBackend)).toBeInstanceOf(HttpXhrBackend);
    expect(routeInjector.get(HttpClient)).not.toBe(TestBed.inject(HttpClient));
    expect(routeInjector.get(ContactImportsApiService)).toBeInstanceOf(ContactImportsApiService);
    routeInjector.destroy();
  });
});
