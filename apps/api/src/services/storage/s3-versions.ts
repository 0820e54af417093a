import { ListObjectsV2Command, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3ObjectVersion {
  key: string;
  /** "null" for an object written while the bucket was unversioned. */
  versionId: string | undefined;
  deleteMarker: boolean;
  lastModified: Date | undefined;
}

/**
 * Every version and delete marker under `prefix`, page by page. S3 lists a key's versions newest
 * first, in the order they were stored (a better order than LastModified, which has second
 * precision on some servers); versions and delete markers come in separate lists, so within a key
 * only the order among versions (and among markers) is kept.
 */
export async function* listVersions(client: S3Client, bucket: string, prefix: string): AsyncIterable<S3ObjectVersion> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await client.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
    );
    for (const version of page.Versions ?? []) {
      if (version.Key) yield { key: version.Key, versionId: version.VersionId, deleteMarker: false, lastModified: version.LastModified };
    }
    for (const marker of page.DeleteMarkers ?? []) {
      if (marker.Key) yield { key: marker.Key, versionId: marker.VersionId, deleteMarker: true, lastModified: marker.LastModified };
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
}

/** The versions and delete markers of exactly `key` (a prefix listing also finds longer keys). */
export async function versionsOf(client: S3Client, bucket: string, key: string): Promise<S3ObjectVersion[]> {
  const found: S3ObjectVersion[] = [];
  for await (const version of listVersions(client, bucket, key)) {
    if (version.key === key) found.push(version);
  }
  return found;
}

/** The current objects' keys under `prefix` (ListObjectsV2, page by page). */
export async function* listKeys(client: S3Client, bucket: string, prefix?: string): AsyncIterable<string> {
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key) yield object.Key;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
