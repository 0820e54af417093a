import { ExportLinkService } from './export-link.service';
import { linkIsLive, statusOf } from './export.mapper';

describe('export links', () => {
  const signing = { deriveSecret: (purpose: string) => Buffer.alloc(32, purpose.length) };
  const links = new ExportLinkService({ publicBaseUrl: 'https://rec.example/' } as never, signing as never);
  const id = '5f0c6f8e-0000-4000-8000-000000000001';
  const expiresAt = new Date('2026-12-02T10:15:00.000Z');

  it('is deterministic, bound to the export and its expiry, and checked whole', () => {
    const token = links.token(id, expiresAt);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(links.url(id, expiresAt)).toBe(`https://rec.example/api/exports/${id}/download?token=${token}`);
    expect(links.token(id, expiresAt)).toBe(token);
    expect(links.holds(id, expiresAt, token)).toBe(true);
    expect(links.holds(id, new Date(expiresAt.getTime() + 1), token)).toBe(false);
    expect(links.holds('5f0c6f8e-0000-4000-8000-000000000002', expiresAt, token)).toBe(false);
    expect(links.holds(id, expiresAt, token.slice(0, -1))).toBe(false);
    expect(links.holds(id, expiresAt, undefined)).toBe(false);
    expect(links.holds(id, null, token)).toBe(false);
  });

  it('reads a ready export whose link expired as expired, and offers a link only while it is live', () => {
    const now = new Date('2026-12-02T10:00:00.000Z');
    expect(statusOf({ status: 'READY', expiresAt }, now)).toBe('ready');
    expect(statusOf({ status: 'READY', expiresAt }, new Date(expiresAt.getTime() + 1))).toBe('expired');
    expect(statusOf({ status: 'AWAITING_APPROVAL', expiresAt: null }, now)).toBe('awaiting-approval');
    expect(linkIsLive({ status: 'READY', expiresAt, downloadedAt: null }, now)).toBe(true);
    expect(linkIsLive({ status: 'READY', expiresAt, downloadedAt: now }, now)).toBe(false);
    expect(linkIsLive({ status: 'FAILED', expiresAt: null, downloadedAt: null }, now)).toBe(false);
  });
});
