import { EnvReader } from './env.reader';

export const STORAGE_DRIVERS = ['local', 's3'] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];
export const OBJECT_LOCK_MODES = ['off', 'governance', 'compliance'] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];
export const MEDIA_DELIVERIES = ['proxy', 'redirect', 'nginx'] as const;
export type MediaDelivery = (typeof MEDIA_DELIVERIES)[number];

/** An S3 bucket (AWS, Ceph's RADOS Gateway, any S3 endpoint) that recordings and evidence live in. */
export interface S3Settings {
  /** Unset: AWS's own endpoint for the region. */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** Unset (both): the AWS SDK's default credential chain (instance roles, AWS_PROFILE…). */
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
  forcePathStyle: boolean;
  objectLock: ObjectLockMode;
  /** How long audit checkpoints stay locked in the bucket when Object Lock is on. */
  evidenceRetainDays: number;
}

/**
 * MEDIA_DELIVERY=nginx: the media token's stream URL is a link nginx checks itself
 * (`secure_link`, deploy/nginx/callrec.conf.template), so ranges never reach Node.
 */
export interface MediaLinkSettings {
  /** MEDIA_LINK_SECRET: shared with nginx's `secure_link_md5`; whoever has it can mint links. */
  secret: string;
  /** MEDIA_LINK_PREFIX: the public path nginx serves links under (same origin as the API). */
  prefix: string;
  /** MEDIA_LINK_SECONDS: how long one link works; the player renews it with a new media token. */
  seconds: number;
}

export interface StorageSettings {
  /** Where new recordings are written; rows remember where theirs are (storage:migrate moves them). */
  storageDriver: StorageDriver;
  /** Set when STORAGE_DRIVER=s3, or when S3_BUCKET is given (storage:migrate to s3 from local). */
  s3: S3Settings | undefined;
  /** proxy: the API streams the bytes; redirect: 302 to a presigned GET (object stores only); nginx: a secure_link. */
  mediaDelivery: MediaDelivery;
  mediaPresignSeconds: number;
  /** Set when MEDIA_DELIVERY=nginx. */
  mediaLink: MediaLinkSettings | undefined;
}

// A path that starts and ends with a slash, in characters nginx's $uri and the link agree on.
const LINK_PREFIX = /^\/(?:(?!\.\.?\/)[A-Za-z0-9._~-]+\/)+$/;

// S3 bucket naming rules (the DNS-compatible subset every S3 server accepts).
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function readStorage(r: EnvReader): StorageSettings {
  const storageDriver = r.oneOf('STORAGE_DRIVER', STORAGE_DRIVERS, 'local');
  const bucket = r.optionalString('S3_BUCKET');
  let s3: S3Settings | undefined;
  if (storageDriver === 's3' || bucket !== undefined) {
    if (bucket === undefined) r.fail('S3_BUCKET is required when STORAGE_DRIVER=s3');
    else r.matches('S3_BUCKET', bucket, BUCKET_NAME, 'a bucket name of 3-63 lower-case letters, digits, dots and hyphens');
    const accessKeyId = r.optionalString('S3_ACCESS_KEY_ID');
    const secretAccessKey = r.optionalString('S3_SECRET_ACCESS_KEY');
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      r.fail('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither for the AWS default credentials');
    }
    const endpoint = r.optionalString('S3_ENDPOINT');
    s3 = {
      endpoint: endpoint === undefined ? undefined : r.url('S3_ENDPOINT', endpoint, ['http', 'https']),
      region: r.string('S3_REGION', 'us-east-1'),
      bucket: bucket ?? '',
      accessKeyId,
      secretAccessKey,
      forcePathStyle: r.bool('S3_FORCE_PATH_STYLE', false),
      objectLock: r.oneOf('S3_OBJECT_LOCK', OBJECT_LOCK_MODES, 'off'),
      evidenceRetainDays: r.int('S3_EVIDENCE_RETAIN_DAYS', 2557, { min: 1, max: 36_500 }),
    };
  }
  const mediaDelivery = r.oneOf('MEDIA_DELIVERY', MEDIA_DELIVERIES, 'proxy');
  if (mediaDelivery === 'redirect' && storageDriver !== 's3') {
    r.fail('MEDIA_DELIVERY=redirect needs STORAGE_DRIVER=s3: presigned links come from the object store');
  }
  return {
    storageDriver,
    s3,
    mediaDelivery,
    mediaPresignSeconds: r.int('MEDIA_PRESIGN_SECONDS', 60, { min: 5, max: 3600 }),
    mediaLink: mediaDelivery === 'nginx' ? readMediaLink(r) : undefined,
  };
}

function readMediaLink(r: EnvReader): MediaLinkSettings {
  const secret = r.optionalString('MEDIA_LINK_SECRET') ?? '';
  // MD5 keyed by a suffix is only as strong as the secret is long and random.
  if (secret.length < 32)
    r.fail("MEDIA_LINK_SECRET of at least 32 characters is required when MEDIA_DELIVERY=nginx (the same value as nginx's)");
  const prefix = r.string('MEDIA_LINK_PREFIX', '/media/');
  r.matches('MEDIA_LINK_PREFIX', prefix, LINK_PREFIX, 'a path that starts and ends with "/", e.g. /media/');
  if (prefix.startsWith('/api/')) r.fail('MEDIA_LINK_PREFIX must lie outside /api/: nginx answers it before the API could');
  // nginx proxies every API request: without trusting it, the API would bind each link to nginx's
  // own address, and nginx would refuse every client's request for it.
  const trustProxy = r.raw('TRUST_PROXY')?.toLowerCase();
  if (trustProxy === undefined || trustProxy === 'false') {
    r.fail('MEDIA_DELIVERY=nginx needs TRUST_PROXY (e.g. loopback, uniquelocal): a link is bound to the client address nginx forwards');
  }
  return { secret, prefix, seconds: r.int('MEDIA_LINK_SECONDS', 120, { min: 10, max: 3600 }) };
}
