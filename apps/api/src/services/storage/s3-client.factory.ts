import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { S3Settings } from '../config/app-config';

/**
 * The S3 client for a bucket's settings. Ceph's RADOS Gateway (and most S3 servers that are
 * not AWS) needs path-style addressing, and answers 411 to the aws-chunked uploads with
 * trailing checksums that recent SDK versions send by default: checksums are computed only
 * where an operation requires one (WHEN_REQUIRED), which AWS accepts as well.
 */
export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    // Unset: the SDK's default chain (instance roles, AWS_PROFILE…).
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The S3 error code of a failed call (`NoSuchKey`, `AccessDenied`…), or undefined for other failures. */
export function s3ErrorCode(error: unknown): string | undefined {
  if (error instanceof S3ServiceException) return error.name;
  if (error && typeof error === 'object' && 'name' in error && '$metadata' in error) return String(error.name);
  return undefined;
}

function httpStatus(error: unknown): number | undefined {
  if (error && typeof error === 'object' && '$metadata' in error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  }
  return undefined;
}

/** No such object, version or bucket (HEAD answers carry no code, only the 404). */
export function isS3NotFound(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchVersion' || (code !== undefined && httpStatus(error) === 404);
}

export function isS3AccessDenied(error: unknown): boolean {
  return s3ErrorCode(error) === 'AccessDenied' || (s3ErrorCode(error) !== undefined && httpStatus(error) === 403);
}

/** A conditional write (If-None-Match: *) found an object already there. */
export function isS3PreconditionFailed(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return code === 'PreconditionFailed' || (code !== undefined && httpStatus(error) === 412);
}

/** What to say about a failed call: the code and status, never the request (it carries signatures). */
export function describeS3Error(error: unknown): string {
  const code = s3ErrorCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const status = httpStatus(error);
  const message = error instanceof Error && error.message && error.message !== code ? `: ${error.message}` : '';
  return `${code}${status ? ` (HTTP ${status})` : ''}${message}`;
}

/** A versioned GET or DELETE names the version; an unversioned bucket's only version is "null". */
export function versionParam(versionId: string | undefined): { VersionId?: string } {
  return versionId && versionId !== 'null' ? { VersionId: versionId } : {};
}
