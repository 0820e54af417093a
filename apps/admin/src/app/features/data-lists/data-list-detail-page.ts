import { DatePipe, DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, effect, ElementRef, inject, OnInit, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatError, MatFormField, MatLabel, MatPrefix, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { ContactImportDto, DataListDto } from '@callrec/contracts';
import { debounceTime } from 'rxjs';
import { Notifier } from '../../core/notifications/notifier';
import { EmptyState } from '../../ui/empty-state/empty-state';
import { ErrorState } from '../../ui/error-state/error-state';
import { PageHeader } from '../../ui/page-header/page-header';
import { StatusChip } from '../../ui/status-chips/status-chip';
import { ContactImportStore } from './contact-import.store';
import { CONTACT_PAGE_SIZES, phoneSearchTerm } from './contact-filters';
import { DataListDetailStore } from './data-list-detail.store';
import { openDataListDialog } from './data-list-dialog';
import { IMPORT_STATUS_LOOKS, isFinished } from './import-status';
import { ImportProgress } from './import-progress';

const PHONE_DEBOUNCE_MS = 400;

/** One data list: what it is, its contacts, and (ADMIN) importing contacts from a CSV file. */
@Component({
  selector: 'app-data-list-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [DataListDetailStore, ContactImportStore],
  imports: [
    DatePipe,
    DecimalPipe,
    EmptyState,
    ErrorState,
    ImportProgress,
    MatButton,
    MatError,
    MatFormField,
    MatIcon,
    MatIconButton,
    MatInput,
    MatLabel,
    MatPaginator,
    MatPrefix,
    MatSuffix,
    PageHeader,
    ReactiveFormsModule,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './data-list-detail-page.html',
  styleUrl: './data-list-detail-page.scss',
})
export class DataListDetailPage implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');
  protected readonly store = inject(DataListDetailStore);
  protected readonly importer = inject(ContactImportStore);

  protected readonly contacts = this.store.contacts;
  protected readonly pageSizes = CONTACT_PAGE_SIZES;
  protected readonly importLooks = IMPORT_STATUS_LOOKS;
  protected readonly skeletonRows = [1, 2, 3];
  protected readonly phone = new FormControl('', { nonNullable: true });

  public constructor() {
    this.importer.onFinished = () => this.store.importFinished();
    // Back, Forward and a shared link change the search: the box follows.
    effect(() => {
      const { phone } = this.contacts.filters();
      if (phoneSearchTerm(this.phone.value) !== phone) {
        this.phone.setValue(phone, { emitEvent: false });
      }
    });
    // An import still running when the page opens (started here before a reload, or by another
    // admin) is followed at once, so nobody starts a second one not knowing.
    let followedOnArrival = false;
    effect(() => {
      const imports = this.store.imports();
      const newest = imports.kind === 'ready' ? imports.value[0] : undefined;
      if (!followedOnArrival && newest) {
        followedOnArrival = true;
        if (!isFinished(newest)) {
          untracked(() => this.importer.show(newest));
        }
      }
    });
    this.phone.valueChanges.pipe(debounceTime(PHONE_DEBOUNCE_MS), takeUntilDestroyed(inject(DestroyRef))).subscribe((typed) => {
      this.search(typed);
    });
  }

  public ngOnInit(): void {
    this.store.loadList();
    this.store.loadImports();
  }

  protected search(typed: string): void {
    const term = phoneSearchTerm(typed);
    this.phone.setErrors(term === null ? { phone: true } : null);
    if (term !== null && term !== this.contacts.filters().phone) {
      this.contacts.change({ phone: term });
    }
  }

  protected clearSearch(): void {
    this.phone.setValue('', { emitEvent: false });
    this.contacts.change({ phone: '' });
  }

  protected edit(list: DataListDto): void {
    openDataListDialog(this.dialog, { list }).subscribe((saved) => {
      if (saved) {
        this.store.saved(saved);
        this.notifier.success(`${saved.name} is saved`);
      }
    });
  }

  protected pickFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  protected filePicked(input: HTMLInputElement): void {
    const file = input.files?.[0];
    // Cleared so picking the same file again (after fixing it) still fires a change.
    input.value = '';
    if (file) {
      this.importer.start(this.store.id, file);
    }
  }

  protected showImport(job: ContactImportDto): void {
    this.importer.show(job);
  }
}
