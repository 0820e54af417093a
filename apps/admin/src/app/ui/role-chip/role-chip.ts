import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Role } from '@callrec/contracts';
import { ROLE_LABELS } from '../../core/roles/role-labels';

/** A role as a small coloured label; colour helps scanning a table, the text carries meaning. */
@Component({
  selector: 'app-role-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ label() }}`,
  styleUrl: './role-chip.scss',
  host: {
    '[class]': '"role-" + role().toLowerCase()',
  },
})
export class RoleChip {
  public readonly role = input.required<Role>();
  protected readonly label = computed(() => ROLE_LABELS[this.role()]);
}
