import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { ROLE_CAPABILITIES } from '@callrec/contracts';
import { AuthSessionStore } from '../../core/auth/auth-session.store';
import { ROLE_LABELS, ROLE_SUMMARIES } from '../../core/roles/role-labels';
import { RoleChip } from '../../ui/role-chip/role-chip';
import { capabilitiesOf, greetingFor } from './capabilities';
import { CoverageCard } from './coverage-card';
import { SystemStatusCard } from './system-status-card';

@Component({
  selector: 'app-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CoverageCard, MatIcon, RoleChip, SystemStatusCard],
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.scss',
})
export class OverviewPage {
  private readonly session = inject(AuthSessionStore);

  protected readonly user = this.session.user;
  protected readonly greeting = greetingFor(new Date().getHours());
  protected readonly firstName = computed(() => this.user()?.name.trim().split(/\s+/)[0] ?? '');
  protected readonly roleLabel = computed(() => {
    const role = this.session.role();
    return role ? ROLE_LABELS[role] : '';
  });
  protected readonly roleSummary = computed(() => {
    const role = this.session.role();
    return role ? ROLE_SUMMARIES[role] : '';
  });
  protected readonly capabilities = computed(() => {
    const role = this.session.role();
    return role ? capabilitiesOf(role) : [];
  });
  /** The system's readiness details are for ADMINs only (the API refuses them to other roles). */
  protected readonly isAdmin = computed(() => this.session.role() === 'ADMIN');
  /** Coverage is read by whoever reviews calls (ADMIN, COMPLIANCE, SUPERVISOR). */
  protected readonly canReadCoverage = computed(() => {
    const role = this.session.role();
    return role !== null && ROLE_CAPABILITIES[role].readCalls;
  });
  protected readonly allowedCount = computed(() => this.capabilities().filter((line) => line.allowed).length);
}
