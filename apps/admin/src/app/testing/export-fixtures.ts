import { ExportDto } from '@callrec/contracts';

/** A realistic evidence export for specs; data only, no behaviour. */
export function exportDto(overrides: Partial<ExportDto> = {}): ExportDto {
  return {
    id: 'exp-1',
    status: 'ready',
    reason: 'Regulator request FCA-114',
    scope: { filters: { manualDial: true } },
    requestedBy: { id: 'user-compliance', name: 'Compliance Person', email: 'compliance@example.com' },
    requestedAt: '2026-11-25T09:00:00.000Z',
    approvalRequired: false,
    approvedBy: null,
    approvedAt: null,
    startedAt: '2026-11-25T09:00:01.000Z',
    finishedAt: '2026-11-25T09:00:09.000Z',
    done: 3,
    total: 3,
    bytes: 2_400_000,
    error: null,
    sha256: 'ab'.repeat(32),
    downloadUrl: '/api/exports/exp-1/download?token=t0k3n',
    expiresAt: '2026-11-25T09:15:09.000Z',
    downloadedAt: null,
    ...overrides,
  };
}
