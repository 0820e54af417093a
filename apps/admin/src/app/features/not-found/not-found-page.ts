import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { PageHeader } from '../../ui/page-header/page-header';

@Component({
  selector: 'app-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EmptyState, MatButton, PageHeader, RouterLink],
  template: `
    <!-- Headings go h1, h2, then the empty state's h3, as on every other page (axe: heading order). -->
    <app-page-header heading="Page not found" />
    <section class="panel" aria-labelledby="not-found-heading">
      <h2 id="not-found-heading" class="cdk-visually-hidden">Where to go</h2>
      <app-empty-state
        icon="explore_off"
        heading="This page does not exist"
        message="The address may be mistyped, or the page may have moved. Everything you can open is in the navigation."
      >
        <a mat-flat-button routerLink="/overview">Go to the overview</a>
      </app-empty-state>
    </section>
  `,
})
export class NotFoundPage {}
