// DynamoDB Streams with the AWS SDK for JavaScript v3 (@aws-sdk/client-dynamodb-streams): a NEW_AND_OLD_IMAGES
// table's records read with ListStreams/DescribeStream/GetShardIterator/GetRecords, every iterator type, paging,
// images unmarshalled with @aws-sdk/util-dynamodb, and the errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand, BatchWriteItemCommand,
  DescribeTableCommand, waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBStreamsClient, ListStreamsCommand, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { unmarshall, NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import { startTarn } from './tarn.mjs';

let tarn;
let ddb;
let streams;
before(async () => {
  tarn = await startTarn();
  const config = { endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 };
  ddb = new DynamoDBClient(config);
  streams = new DynamoDBStreamsClient(config);
});
after(async () => { assert.equal(await tarn.stop(), 0); });

async function createTable(TableName, StreamViewType = 'NEW_AND_OLD_IMAGES') {
  const made = await ddb.send(new CreateTableCommand({
    TableName, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType },
  }));
  await waitUntilTableExists({ client: ddb, maxWaitTime: 30 }, { TableName });
  return made.TableDescription.LatestStreamArn;
}

async function shardsOf(StreamArn) {
  const shards = [];
  let ExclusiveStartShardId;
  do {
    const { StreamDescription: d } = await streams.send(new DescribeStreamCommand({ StreamArn, ExclusiveStartShardId }));
    shards.push(...d.Shards);
    ExclusiveStartShardId = d.LastEvaluatedShardId;
  } while (ExclusiveStartShardId);
  return shards;
}

async function readShard(StreamArn, ShardId, ShardIteratorType = 'TRIM_HORIZON', extra = {}) {
  let { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId, ShardIteratorType, ...extra }));
  const records = [];
  while (ShardIterator) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator }));
    records.push(...out.Records);
    if (out.Records.length === 0) break;
    ShardIterator = out.NextShardIterator;
  }
  return records;
}

// DynamoDB keeps no order within a set.
const sortSets = (item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v.SS ? { SS: [...v.SS].sort() } : v]));

async function readStream(arn) {
  const records = [];
  for (const shard of await shardsOf(arn)) records.push(...await readShard(arn, shard.ShardId));
  return records;
}

test('writes to a NEW_AND_OLD_IMAGES table give the exact records, images unmarshalled', async () => {
  const arn = await createTable('js-student');
  const table = (await ddb.send(new DescribeTableCommand({ TableName: 'js-student' }))).Table;
  assert.equal(table.LatestStreamArn, arn);
  assert.deepEqual(table.StreamSpecification, { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  assert.match(arn, /^arn:aws:dynamodb:us-east-1:000000000000:table\/js-student\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
  assert.equal(arn.split('/stream/')[1], table.LatestStreamLabel);

  const ada = {
    id: { S: 's1' }, name: { S: 'Ada' }, standard: { N: '7' }, photo: { B: new Uint8Array([0, 1, 255]) },
    subjects: { SS: ['maths', 'art'] }, big: { N: '12345678901234567890.5' }, address: { M: { city: { S: 'Oslo' } } },
  };
  await ddb.send(new PutItemCommand({ TableName: 'js-student', Item: ada }));                             // INSERT s1
  await ddb.send(new PutItemCommand({ TableName: 'js-student', Item: { id: { S: 's2' }, name: { S: 'Bob' } } })); // INSERT s2
  await ddb.send(new UpdateItemCommand({
    TableName: 'js-student', Key: { id: { S: 's1' } }, UpdateExpression: 'SET standard = standard + :one REMOVE photo',
    ExpressionAttributeValues: { ':one': { N: '1' } },
  }));                                                                                                     // MODIFY s1
  await ddb.send(new DeleteItemCommand({ TableName: 'js-student', Key: { id: { S: 'nobody' } } }));       // nothing
  await ddb.send(new DeleteItemCommand({ TableName: 'js-student', Key: { id: { S: 's2' } } }));          // REMOVE s2
  await ddb.send(new BatchWriteItemCommand({
    RequestItems: { 'js-student': [{ PutRequest: { Item: { id: { S: 's3' }, list: { L: [{ N: '1' }, { NULL: true }] } } } }] },
  }));                                                                                                     // INSERT s3

  const records = await readStream(arn);
  assert.deepEqual(records.map((r) => [r.eventName, r.dynamodb.Keys.id.S]),
    [['INSERT', 's1'], ['INSERT', 's2'], ['MODIFY', 's1'], ['REMOVE', 's2'], ['INSERT', 's3']]);
  for (const r of records) {
    assert.equal(r.eventSource, 'aws:dynamodb');
    assert.equal(r.eventVersion, '1.1');
    assert.equal(r.awsRegion, 'us-east-1');
    assert.match(r.eventID, /^[0-9a-f]{32}$/);
    assert.equal(r.dynamodb.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.match(r.dynamodb.SequenceNumber, /^\d{21,40}$/);
    assert.ok(Number.isInteger(r.dynamodb.SizeBytes) && r.dynamodb.SizeBytes > 0);
    const created = r.dynamodb.ApproximateCreationDateTime;
    assert.ok(created instanceof Date && Math.abs(created - Date.now()) < 120000, String(created));
    assert.equal(created.getTime() % 1000, 0, 'rounded down to the second');
  }
  const sequence = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
  assert.deepEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)), sequence);

  const [insert, , modify, remove, batch] = records;
  assert.equal(insert.dynamodb.OldImage, undefined);
  assert.ok(insert.dynamodb.NewImage.photo.B instanceof Uint8Array);
  assert.deepEqual(sortSets(insert.dynamodb.NewImage), sortSets(ada));
  const image = unmarshall(insert.dynamodb.NewImage, { wrapNumbers: true });
  assert.deepEqual(image.subjects, new Set(['maths', 'art']));
  assert.ok(image.big instanceof NumberValue);
  assert.equal(image.big.toString(), '12345678901234567890.5');
  assert.deepEqual([...image.photo], [0, 1, 255]);
  assert.deepEqual(sortSets(modify.dynamodb.OldImage), sortSets(ada));
  assert.equal(unmarshall(modify.dynamodb.OldImage, { wrapNumbers: true }).standard.toString(), '7');
  const after = unmarshall(modify.dynamodb.NewImage, { wrapNumbers: true });
  assert.equal(after.standard.toString(), '8');
  assert.equal('photo' in after, false);
  assert.deepEqual(unmarshall(remove.dynamodb.OldImage), { id: 's2', name: 'Bob' });
  assert.equal(remove.dynamodb.NewImage, undefined);
  assert.deepEqual(unmarshall(batch.dynamodb.NewImage), { id: 's3', list: [1, null] });
});

test('ListStreams, DescribeStream and the iterator types', async () => {
  const arn = await createTable('js-marks', 'KEYS_ONLY');
  const listed = await streams.send(new ListStreamsCommand({ TableName: 'js-marks' }));
  assert.deepEqual(listed.Streams, [{ StreamArn: arn, TableName: 'js-marks', StreamLabel: arn.split('/stream/')[1] }]);
  const all = [];
  let ExclusiveStartStreamArn;
  do {
    const page = await streams.send(new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamArn }));
    assert.ok(page.Streams.length <= 1);
    all.push(...page.Streams.map((s) => s.TableName));
    ExclusiveStartStreamArn = page.LastEvaluatedStreamArn;
  } while (ExclusiveStartStreamArn);
  assert.deepEqual(all.sort(), ['js-marks', 'js-student']);

  const { StreamDescription: d } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  assert.equal(d.StreamArn, arn);
  assert.equal(d.StreamStatus, 'ENABLED');
  assert.equal(d.StreamViewType, 'KEYS_ONLY');
  assert.equal(d.TableName, 'js-marks');
  assert.deepEqual(d.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }]);
  assert.ok(d.CreationRequestDateTime instanceof Date);
  assert.equal(d.Shards.length, 1);
  const [shard] = d.Shards;
  assert.match(shard.ShardId, /^shardId-\d{20}-[0-9a-f]{8}$/);
  assert.ok(shard.SequenceNumberRange.StartingSequenceNumber);
  assert.equal(shard.SequenceNumberRange.EndingSequenceNumber, undefined);

  for (let i = 0; i < 5; i++) {
    await ddb.send(new PutItemCommand({ TableName: 'js-marks', Item: { id: { S: `m${i}` }, v: { N: String(i) } } }));
  }
  const everything = await readShard(arn, shard.ShardId);
  assert.deepEqual(everything.map((r) => r.dynamodb.Keys.id.S), ['m0', 'm1', 'm2', 'm3', 'm4']);
  assert.ok(everything.every((r) => r.dynamodb.NewImage === undefined && r.dynamodb.OldImage === undefined));
  const third = everything[2].dynamodb.SequenceNumber;
  const at = await readShard(arn, shard.ShardId, 'AT_SEQUENCE_NUMBER', { SequenceNumber: third });
  assert.deepEqual(at.map((r) => r.eventID), everything.slice(2).map((r) => r.eventID));
  const afterThird = await readShard(arn, shard.ShardId, 'AFTER_SEQUENCE_NUMBER', { SequenceNumber: third });
  assert.deepEqual(afterThird.map((r) => r.eventID), everything.slice(3).map((r) => r.eventID));

  const { ShardIterator: latest } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'LATEST' }));
  const empty = await streams.send(new GetRecordsCommand({ ShardIterator: latest }));
  assert.deepEqual(empty.Records, []);
  assert.ok(empty.NextShardIterator);
  await ddb.send(new PutItemCommand({ TableName: 'js-marks', Item: { id: { S: 'late' } } }));
  const next = await streams.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }));
  assert.deepEqual(next.Records.map((r) => r.dynamodb.Keys.id.S), ['late']);

  let { ShardIterator: it } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const paged = [];
  for (let i = 0; i < 4; i++) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: it, Limit: 2 }));
    assert.ok(page.Records.length <= 2);
    paged.push(...page.Records.map((r) => r.dynamodb.Keys.id.S));
    it = page.NextShardIterator;
  }
  assert.deepEqual(paged, ['m0', 'm1', 'm2', 'm3', 'm4', 'late']);
});

test('errors carry the Streams names, statuses and messages', async () => {
  const arn = await createTable('js-errors', 'NEW_IMAGE');
  const missing = arn.replace('js-errors', 'js-nosuchtable');
  await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: missing })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, `Requested resource not found: Stream: ${missing} not found`);
    return true;
  });
  await assert.rejects(streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: 'shardId-00000000000000000000-00000000', ShardIteratorType: 'LATEST',
  })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  const [shard] = await shardsOf(arn);
  await assert.rejects(streams.send(new GetShardIteratorCommand({
    StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER',
  })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1001 })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message,
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000");
    return true;
  });
  await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator: 'x'.repeat(10) })), (err) => {
    assert.equal(err.name, 'ValidationException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
});
