import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ensureCephS3 } from '../../tools/ceph/ceph-s3.mjs';
import { ingestScenario } from '../lib/ingest.mjs';

/**
 * recording-ingest into the project's one-node Ceph (design 8): the product with
 * STORAGE_DRIVER=s3, beside curl + sha256sum and then one PutObject per file (AWS SDK) into
 * a bucket of the same gateway. Object Lock is off in both: the figure is the store's cost.
 */
export default ingestScenario({
  name: 'recording-ingest-s3',
  prepare: async (log) => {
    const s3 = await ensureCephS3();
    log(`Ceph RADOS Gateway at ${s3.endpoint}`);
    const suffix = randomBytes(4).toString('hex');
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const anchorBucket = `callrec-bench-anchor-${suffix}`;
    await client.send(new CreateBucketCommand({ Bucket: anchorBucket }));
    return {
      where: 'in the Ceph bucket',
      anchorName: 'curl + sha256sum + an S3 PUT (AWS SDK) of each file',
      apiEnv: {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_REGION: s3.region,
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
        S3_BUCKET: `callrec-bench-${suffix}`,
        S3_OBJECT_LOCK: 'off',
      },
      upload: async (files, width) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: width }, async () => {
            while (next < files.length) {
              const file = files[next++];
              await client.send(
                new PutObjectCommand({
                  Bucket: anchorBucket,
                  Key: basename(file),
                  Body: createReadStream(file),
                  ContentLength: statSync(file).size,
                }),
              );
            }
          }),
        );
      },
      notes:
        'The product streams each recording into the bucket as it downloads (one PutObject below 8 MiB), computes peaks and writes rows.',
      details: { storage: 's3', endpoint: s3.endpoint },
    };
  },
});
