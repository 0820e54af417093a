import { mediaDeliveryFor } from './media-delivery';

describe('mediaDeliveryFor', () => {
  it('proxies whenever MEDIA_DELIVERY=proxy', () => {
    expect(mediaDeliveryFor({ configured: 'proxy', method: 'GET', maxBytes: undefined, encrypted: false })).toBe('proxy');
  });

  it('redirects a GET of a caller who may take the whole file', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'GET', maxBytes: undefined, encrypted: false })).toBe('redirect');
  });

  it('keeps proxying a role limited per response: a presigned link would serve the whole object', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'GET', maxBytes: 65_536, encrypted: false })).toBe('proxy');
  });

  it('streams an encrypted recording itself: a link to its object would serve ciphertext', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'GET', maxBytes: undefined, encrypted: true })).toBe('proxy');
  });

  it('answers HEAD itself: the link is signed for GET only', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'HEAD', maxBytes: undefined, encrypted: false })).toBe('proxy');
  });
});
