import { createHash } from 'node:crypto';
import { mayLink, nginxAddress, signMediaLink } from './media-link';

const settings = { secret: 's'.repeat(32), prefix: '/media/', seconds: 60 };
const key = '2026/01/15/RE0123.wav';

describe('signMediaLink', () => {
  it("signs expiry, path and address as nginx's secure_link_md5 reads them (base64url MD5, no padding)", () => {
    // The template's `secure_link_md5 "$secure_link_expires$uri$remote_addr <secret>"`, computed by hand.
    const md5 = createHash('md5').update(`1800000000/media/${key}10.1.2.3 ${settings.secret}`).digest('base64');
    const expected = md5.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(signMediaLink(settings, key, '10.1.2.3', 1_800_000_000)).toBe(`/media/${key}?md5=${expected}&expires=1800000000`);
  });

  it('binds the link to the address nginx sees: an IPv4 client of a dual-stack socket is a.b.c.d', () => {
    expect(signMediaLink(settings, key, '::ffff:10.1.2.3', 1)).toBe(signMediaLink(settings, key, '10.1.2.3', 1));
    expect(signMediaLink(settings, key, '10.1.2.4', 1)).not.toBe(signMediaLink(settings, key, '10.1.2.3', 1));
    expect(nginxAddress('2001:db8::1')).toBe('2001:db8::1');
  });
});

describe('mayLink', () => {
  const linkable = { storageBackend: 'LOCAL', storageKey: key, encrypted: false, mayDownload: true, clientIp: '10.1.2.3' };

  it('links a plain file on local disk for a caller who may take the whole file', () => {
    expect(mayLink(linkable)).toBe(true);
  });

  it('keeps the API in the way where it must be: capped roles, ciphertext, the bucket, no address, odd keys', () => {
    expect(mayLink({ ...linkable, mayDownload: false })).toBe(false);
    expect(mayLink({ ...linkable, encrypted: true })).toBe(false);
    expect(mayLink({ ...linkable, storageBackend: 'S3' })).toBe(false);
    expect(mayLink({ ...linkable, clientIp: null })).toBe(false);
    expect(mayLink({ ...linkable, storageKey: '2026/../../etc/passwd' })).toBe(false);
    expect(mayLink({ ...linkable, storageKey: '2026/01/15/RE 1.wav' })).toBe(false);
  });
});
