import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatOption } from '@angular/material/core';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { MatDivider } from '@angular/material/divider';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { CALL_OUTCOMES, CallOutcome, IdName, MANUAL_DIAL_LABEL, RetentionPolicyDto, RetentionPolicyRequest } from '@callrec/contracts';
import { Observable } from 'rxjs';
import { RetentionApiService } from '../../data-access/retention-api.service';
import { dialogSubmission } from '../../ui/dialog-submission/dialog-submission';
import { FormDialog } from '../../ui/form-dialog/form-dialog';
import { OUTCOME_LOOKS } from '../../ui/status-chips/status-labels';
import { ANY_SOURCE, MANUAL_DIAL_SOURCE, retainLabel, scopeFromForm, scopeSummary, scopeToForm } from './retention-scope';

export interface RetentionPolicyDialogData {
  /** Absent for a new policy. */
  readonly policy?: RetentionPolicyDto;
  readonly dataLists: readonly IdName[];
  readonly agents: readonly IdName[];
}

/** The API's bounds (`retainDays` 0 to 36 500): 0 expires recordings at the next sweep. */
const MAX_RETAIN_DAYS = 36_500;

@Component({
  selector: 'app-retention-policy-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormDialog,
    MatDivider,
    MatError,
    MatFormField,
    MatHint,
    MatIcon,
    MatInput,
    MatLabel,
    MatOption,
    MatSelect,
    MatSlideToggle,
    MatSuffix,
    ReactiveFormsModule,
  ],
  templateUrl: './retention-policy-dialog.html',
  styleUrl: './retention-policy-dialog.scss',
})
export class RetentionPolicyDialog {
  private readonly api = inject(RetentionApiService);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly data = inject<RetentionPolicyDialogData>(MAT_DIALOG_DATA);
  protected readonly editing = this.data.policy !== undefined;
  protected readonly anySource = ANY_SOURCE;
  protected readonly manualDialSource = MANUAL_DIAL_SOURCE;
  protected readonly manualDialLabel = MANUAL_DIAL_LABEL;
  protected readonly outcomes = CALL_OUTCOMES;
  protected readonly outcomeLooks = OUTCOME_LOOKS;
  protected readonly maxRetainDays = MAX_RETAIN_DAYS;

  private readonly initialScope = scopeToForm(this.data.policy?.scope ?? {});
  protected readonly form = this.fb.group({
    name: [this.data.policy?.name ?? '', [Validators.required, Validators.maxLength(200), Validators.pattern(/\S/)]],
    retainDays: this.fb.control<number | null>(this.data.policy?.retainDays ?? null, [
      Validators.required,
      Validators.min(0),
      Validators.max(MAX_RETAIN_DAYS),
      Validators.pattern(/^\d+$/),
    ]),
    enabled: [this.data.policy?.enabled ?? true],
    source: [this.initialScope.source],
    outcome: this.fb.control<CallOutcome | null>(this.initialScope.outcome),
    agentId: this.fb.control<string | null>(this.initialScope.agentId),
  });
  protected readonly submission = dialogSubmission<RetentionPolicyDto>();

  /** Ticks on every edit; the computeds below read the whole form when it does. */
  private readonly edits = toSignal(this.form.valueChanges, { initialValue: null });
  /** What the policy will apply to, in the words of the policies table. */
  protected readonly appliesTo = computed(() => {
    this.edits();
    const { source, outcome, agentId } = this.form.getRawValue();
    return scopeSummary(scopeFromForm({ source, outcome, agentId }), this.data);
  });
  protected readonly keepFor = computed(() => {
    this.edits();
    const days = this.form.controls.retainDays.value;
    return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= MAX_RETAIN_DAYS ? retainLabel(days) : '';
  });

  protected submit(): void {
    if (this.submission.submitting()) {
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { name, retainDays, enabled, source, outcome, agentId } = this.form.getRawValue();
    const request: RetentionPolicyRequest = {
      name: name.trim(),
      retainDays: Number(retainDays),
      enabled,
      scope: scopeFromForm({ source, outcome, agentId }),
    };
    const policy = this.data.policy;
    const save: Observable<RetentionPolicyDto> = policy ? this.api.updatePolicy(policy.id, request) : this.api.createPolicy(request);
    this.submission.send(save);
  }
}
