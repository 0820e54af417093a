import { NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import { describeS3Error, isS3AccessDenied, isS3NotFound, isS3PreconditionFailed, versionParam } from './s3-client.factory';

function s3Error(name: string, status: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('S3 error classification', () => {
  it('tells a missing object from a refusal and a failed precondition', () => {
    expect(isS3NotFound(new NoSuchKey({ message: 'gone', $metadata: { httpStatusCode: 404 } }))).toBe(true);
    // HEAD answers carry no body, so no code: only the status says it.
    expect(isS3NotFound(s3Error('Unknown', 404))).toBe(true);
    expect(isS3NotFound(s3Error('AccessDenied', 403))).toBe(false);
    expect(isS3AccessDenied(s3Error('AccessDenied', 403))).toBe(true);
    expect(isS3AccessDenied(s3Error('NoSuchKey', 404))).toBe(false);
    expect(isS3PreconditionFailed(s3Error('PreconditionFailed', 412))).toBe(true);
    expect(isS3NotFound(new Error('socket hang up'))).toBe(false);
    expect(isS3AccessDenied(new Error('AccessDenied'))).toBe(false);
  });

  it('describes an error by code and status, without the request', () => {
    expect(describeS3Error(s3Error('AccessDenied', 403, 'Access Denied'))).toBe('AccessDenied (HTTP 403): Access Denied');
    expect(describeS3Error(new Error('connect ECONNREFUSED 127.0.0.1:7480'))).toBe('connect ECONNREFUSED 127.0.0.1:7480');
  });

  it('names a version unless it is the "null" version of an unversioned bucket', () => {
    expect(versionParam('3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')).toEqual({ VersionId: '3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' });
    expect(versionParam('null')).toEqual({});
    expect(versionParam(undefined)).toEqual({});
  });
});
