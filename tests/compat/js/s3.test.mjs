// S3 with the AWS SDK for JavaScript v3 (@aws-sdk/client-s3 and its default flexible checksums),
// @aws-sdk/lib-storage's multipart Upload and @aws-sdk/s3-request-presigner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, DeleteObjectsCommand, GetObjectAttributesCommand, NoSuchKey, NoSuchBucket,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startTarn } from './tarn.mjs';

let tarn;
let s3;
before(async () => {
  tarn = await startTarn();
  s3 = new S3Client({
    endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, forcePathStyle: true,
    maxAttempts: 1,
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'js-compat' }));
});
after(async () => { assert.equal(await tarn.stop(), 0); });

test('put, get and head with metadata and the default checksum', async () => {
  const body = 'student,mark\nann,91\n';
  const put = await s3.send(new PutObjectCommand({
    Bucket: 'js-compat', Key: 'staging/marks.csv', Body: body, ContentType: 'text/csv', Metadata: { source: 'form' },
  }));
  assert.equal(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
  // The SDK's default flexible checksum (CRC32) was sent and verified.
  assert.ok(put.ChecksumCRC32, JSON.stringify(put));
  const got = await s3.send(new GetObjectCommand({ Bucket: 'js-compat', Key: 'staging/marks.csv', ChecksumMode: 'ENABLED' }));
  assert.equal(await got.Body.transformToString(), body);
  assert.equal(got.ContentType, 'text/csv');
  assert.deepEqual(got.Metadata, { source: 'form' });
  assert.equal(got.ChecksumCRC32, put.ChecksumCRC32);
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'js-compat', Key: 'staging/marks.csv' }));
  assert.equal(head.ContentLength, body.length);
  assert.equal(head.ETag, put.ETag);
  const sha = await s3.send(new PutObjectCommand({ Bucket: 'js-compat', Key: 'sha', Body: 'hello world', ChecksumAlgorithm: 'SHA256' }));
  assert.equal(sha.ChecksumSHA256, 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=');
});

test('GetObjectAttributes', async () => {
  const body = 'id,subject\n7,maths\n';
  const put = await s3.send(new PutObjectCommand({ Bucket: 'js-compat', Key: 'attrs.csv', Body: body }));
  const out = await s3.send(new GetObjectAttributesCommand({
    Bucket: 'js-compat', Key: 'attrs.csv', ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'],
  }));
  assert.equal(out.ETag, put.ETag.replaceAll('"', ''));
  assert.deepEqual(out.Checksum, { ChecksumCRC32: put.ChecksumCRC32, ChecksumType: 'FULL_OBJECT' });
  assert.equal(out.ObjectParts, undefined);
  assert.equal(out.StorageClass, 'STANDARD');
  assert.equal(out.ObjectSize, body.length);
  assert.ok(out.LastModified instanceof Date);
});

test('ListObjectsV2 with a delimiter', async () => {
  for (const key of ['lake/a/1.json', 'lake/a/2.json', 'lake/b/1.json', 'lake/top.txt']) {
    await s3.send(new PutObjectCommand({ Bucket: 'js-compat', Key: key, Body: key }));
  }
  const out = await s3.send(new ListObjectsV2Command({ Bucket: 'js-compat', Prefix: 'lake/', Delimiter: '/' }));
  assert.deepEqual(out.CommonPrefixes.map((p) => p.Prefix), ['lake/a/', 'lake/b/']);
  assert.deepEqual(out.Contents.map((c) => c.Key), ['lake/top.txt']);
  assert.equal(out.KeyCount, 3);
  const page = await s3.send(new ListObjectsV2Command({ Bucket: 'js-compat', Prefix: 'lake/', MaxKeys: 2 }));
  assert.equal(page.IsTruncated, true);
  const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'js-compat', Prefix: 'lake/', ContinuationToken: page.NextContinuationToken }));
  assert.deepEqual([...page.Contents, ...rest.Contents].map((c) => c.Key),
    ['lake/a/1.json', 'lake/a/2.json', 'lake/b/1.json', 'lake/top.txt']);
});

test('lib-storage Upload of a multipart object, then DeleteObjects', async () => {
  const body = Buffer.alloc(11 * 1024 * 1024, 'x');
  body.write('the start', 0);
  const upload = new Upload({ client: s3, params: { Bucket: 'js-compat', Key: 'big.bin', Body: body }, partSize: 5 * 1024 * 1024, queueSize: 2 });
  const done = await upload.done();
  assert.match(done.ETag, /-3"$/);
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'js-compat', Key: 'big.bin', PartNumber: 3 }));
  assert.equal(head.PartsCount, 3);
  assert.equal(head.ContentLength, 1024 * 1024);
  const got = await s3.send(new GetObjectCommand({ Bucket: 'js-compat', Key: 'big.bin' }));
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
  const deleted = await s3.send(new DeleteObjectsCommand({ Bucket: 'js-compat', Delete: { Objects: [{ Key: 'big.bin' }, { Key: 'sha' }] } }));
  assert.deepEqual(deleted.Deleted.map((d) => d.Key).sort(), ['big.bin', 'sha']);
});

test('a presigned GET fetched without the SDK', async () => {
  await s3.send(new PutObjectCommand({ Bucket: 'js-compat', Key: 'shared.txt', Body: 'for a browser' }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'js-compat', Key: 'shared.txt' }), { expiresIn: 300 });
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'for a browser');
  const tampered = await fetch(url.replace('shared.txt', 'other.txt'));
  assert.equal(tampered.status, 403);
});

test('NoSuchKey and NoSuchBucket are SDK exceptions with their status', async () => {
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: 'js-compat', Key: 'missing' })), (err) => {
    assert.ok(err instanceof NoSuchKey, err.name);
    assert.equal(err.name, 'NoSuchKey');
    assert.equal(err.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })), (err) => {
    assert.ok(err instanceof NoSuchBucket, err.name);
    assert.equal(err.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'js-compat', Key: 'missing' })), (err) => {
    assert.equal(err.$metadata.httpStatusCode, 404);
    return true;
  });
});
