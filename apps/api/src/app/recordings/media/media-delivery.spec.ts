import { mediaDeliveryFor } from './media-delivery';

describe('mediaDeliveryFor', () => {
  it('proxies whenever MEDIA_DELIVERY=proxy', () => {
    expect(mediaDeliveryFor({ configured: 'proxy', method: 'GET', maxBytes: undefined })).toBe('proxy');
  });

  it('redirects a GET of a caller who may take the whole file', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'GET', maxBytes: undefined })).toBe('redirect');
  });

  it('keeps proxying a role limited per response: a presigned link would serve the whole object', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'GET', maxBytes: 65_536 })).toBe('proxy');
  });

  it('answers HEAD itself: the link is signed for GET only', () => {
    expect(mediaDeliveryFor({ configured: 'redirect', method: 'HEAD', maxBytes: undefined })).toBe('proxy');
  });
});
