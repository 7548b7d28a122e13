// CloudWatch Logs with the AWS SDK for JavaScript v3: log groups and streams, PutLogEvents, GetLogEvents in both
// directions, FilterLogEvents with filter patterns, the DescribeLogGroups/DescribeLogStreams/FilterLogEvents/
// GetLogEvents paginators, retention, tags and the errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, GetLogEventsCommand,
  FilterLogEventsCommand, DescribeLogGroupsCommand, DescribeLogStreamsCommand, PutRetentionPolicyCommand,
  DeleteRetentionPolicyCommand, DeleteLogGroupCommand, DeleteLogStreamCommand, TagResourceCommand,
  ListTagsForResourceCommand, UntagResourceCommand, paginateDescribeLogGroups, paginateDescribeLogStreams,
  paginateFilterLogEvents, paginateGetLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import { startTarn } from './tarn.mjs';

const PREFIX = 'arn:aws:logs:us-east-1:000000000000:log-group:';

let tarn;
let logs;
before(async () => {
  tarn = await startTarn();
  logs = new CloudWatchLogsClient({ endpoint: tarn.endpoint, region: 'us-east-1', credentials: tarn.credentials, maxAttempts: 1 });
});
after(async () => { assert.equal(await tarn.stop(), 0); });

test('log groups: create, describe with the paginator, retention, tags, delete and the errors', async () => {
  const made = await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/js-sync', tags: { team: 'data' } }));
  assert.equal(made.$metadata.httpStatusCode, 200);
  for (const name of ['/aws/glue/js-a', '/aws/glue/js-b', '/aws/glue/js-c']) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  }
  await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/glue/js-a' })), (err) => {
    assert.equal(err.name, 'ResourceAlreadyExistsException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log group already exists');
    return true;
  });
  await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name' })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });

  const names = [];
  let pages = 0;
  for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 2 }, {})) {
    pages++;
    assert.ok(page.logGroups.length <= 2);
    names.push(...page.logGroups.map((g) => g.logGroupName));
  }
  assert.equal(pages, 2);
  assert.deepEqual(names, ['/aws/glue/js-a', '/aws/glue/js-b', '/aws/glue/js-c', '/aws/lambda/js-sync']);
  const [group] = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }))).logGroups;
  assert.equal(group.logGroupName, '/aws/lambda/js-sync');
  assert.equal(group.arn, `${PREFIX}/aws/lambda/js-sync:*`);
  assert.equal(group.logGroupArn, `${PREFIX}/aws/lambda/js-sync`);
  assert.equal(group.logGroupClass, 'STANDARD');
  assert.ok(Number.isInteger(group.creationTime) && Math.abs(group.creationTime - Date.now()) < 120000);
  assert.equal(group.retentionInDays, undefined);

  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/js-sync', retentionInDays: 14 }));
  let described = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/js-sync' }))).logGroups;
  assert.equal(described[0].retentionInDays, 14);
  await assert.rejects(logs.send(new PutRetentionPolicyCommand({ logGroupName: '/aws/lambda/js-sync', retentionInDays: 2 })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: '/aws/lambda/js-sync' }));
  described = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/js-sync' }))).logGroups;
  assert.equal(described[0].retentionInDays, undefined);

  const arn = `${PREFIX}/aws/lambda/js-sync`;
  await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { env: 'dev' } }));
  assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'data', env: 'dev' });
  await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
  assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { env: 'dev' });

  await logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/glue/js-c' }));
  await assert.rejects(logs.send(new DeleteLogGroupCommand({ logGroupName: '/aws/glue/js-c' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log group does not exist.');
    return true;
  });
});

test('streams, PutLogEvents and GetLogEvents forwards and backwards', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'js-app' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'js-app', logStreamName: 'main' }));
  await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: 'js-app', logStreamName: 'main' })), (err) => {
    assert.equal(err.name, 'ResourceAlreadyExistsException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log stream already exists');
    return true;
  });
  await assert.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: 'js-missing', logStreamName: 'x' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log group does not exist.');
    return true;
  });

  const t0 = Date.now() - 60000;
  const logEvents = Array.from({ length: 25 }, (_, i) => ({ timestamp: t0 + i, message: `line ${i} ✓ ünïcödé` }));
  const put = await logs.send(new PutLogEventsCommand({ logGroupName: 'js-app', logStreamName: 'main', logEvents }));
  assert.equal(put.rejectedLogEventsInfo, undefined);
  await assert.rejects(logs.send(new PutLogEventsCommand({
    logGroupName: 'js-app', logStreamName: 'main', logEvents: [{ timestamp: t0 + 5, message: 'b' }, { timestamp: t0, message: 'a' }],
  })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'Log events in a single PutLogEvents request must be in chronological order.');
    return true;
  });
  await assert.rejects(logs.send(new PutLogEventsCommand({
    logGroupName: 'js-app', logStreamName: 'nope', logEvents: [{ timestamp: t0, message: 'a' }],
  })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log stream does not exist.');
    return true;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'js-app', logStreamName: 'mixed' }));
  const mixed = await logs.send(new PutLogEventsCommand({
    logGroupName: 'js-app', logStreamName: 'mixed', logEvents: [
      { timestamp: Date.now() - 15 * 86400000, message: 'too old' },
      { timestamp: Date.now() - 1000, message: 'fine' },
      { timestamp: Date.now() + 3 * 3600000, message: 'too new' },
    ],
  }));
  assert.deepEqual(mixed.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 2 });

  const head = await logs.send(new GetLogEventsCommand({ logGroupName: 'js-app', logStreamName: 'main', startFromHead: true, limit: 10 }));
  assert.deepEqual(head.events.map((e) => e.message), logEvents.slice(0, 10).map((e) => e.message));
  assert.equal(head.events[0].timestamp, t0);
  assert.ok(head.events.every((e) => Number.isInteger(e.ingestionTime) && e.ingestionTime >= e.timestamp));
  assert.match(head.nextForwardToken, /^f\//);
  assert.match(head.nextBackwardToken, /^b\//);
  const forward = [];
  // GetLogEvents always answers a forward token; at the end it repeats the one it was given.
  for await (const page of paginateGetLogEvents({ client: logs, pageSize: 10, stopOnSameToken: true }, { logGroupName: 'js-app', logStreamName: 'main', startFromHead: true })) {
    assert.ok(page.events.length <= 10);
    forward.push(...page.events.map((e) => e.message));
  }
  assert.deepEqual(forward, logEvents.map((e) => e.message));
  const tail = await logs.send(new GetLogEventsCommand({ logGroupName: 'js-app', logStreamName: 'main', limit: 10 }));
  assert.deepEqual(tail.events.map((e) => e.timestamp - t0), [15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  const earlier = await logs.send(new GetLogEventsCommand({ logGroupName: 'js-app', logStreamName: 'main', limit: 10, nextToken: tail.nextBackwardToken }));
  assert.deepEqual(earlier.events.map((e) => e.timestamp - t0), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  const window = await logs.send(new GetLogEventsCommand({
    logGroupName: 'js-app', logStreamName: 'main', startTime: t0 + 3, endTime: t0 + 6, startFromHead: true,
  }));
  assert.deepEqual(window.events.map((e) => e.timestamp - t0), [3, 4, 5]);
  await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: 'js-app', logStreamName: 'main', nextToken: 'f/garbage' })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });

  const streams = [];
  for await (const page of paginateDescribeLogStreams({ client: logs, pageSize: 1 }, { logGroupName: 'js-app' })) {
    assert.ok(page.logStreams.length <= 1);
    streams.push(...page.logStreams);
  }
  assert.deepEqual(streams.map((s) => s.logStreamName), ['main', 'mixed']);
  assert.equal(streams[0].firstEventTimestamp, t0);
  assert.equal(streams[0].lastEventTimestamp, t0 + 24);
  assert.equal(streams[0].arn, `${PREFIX}js-app:log-stream:main`);
  await logs.send(new DeleteLogStreamCommand({ logGroupName: 'js-app', logStreamName: 'mixed' }));
  const left = await logs.send(new DescribeLogStreamsCommand({ logGroupName: 'js-app' }));
  assert.deepEqual(left.logStreams.map((s) => s.logStreamName), ['main']);
});

test('FilterLogEvents across streams with filter patterns and its paginator', async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'js-etl' }));
  const t0 = Date.now() - 10000;
  for (const [stream, offset] of [['a', 0], ['b', 1]]) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: 'js-etl', logStreamName: stream }));
    await logs.send(new PutLogEventsCommand({
      logGroupName: 'js-etl', logStreamName: stream, logEvents: Array.from({ length: 10 }, (_, i) => ({
        timestamp: t0 + 2 * i + offset,
        message: JSON.stringify({ level: i % 3 === 0 ? 'ERROR' : 'INFO', n: i, stream }),
      })),
    }));
  }
  const everything = (await logs.send(new FilterLogEventsCommand({ logGroupName: 'js-etl' }))).events;
  assert.equal(everything.length, 20);
  assert.deepEqual(everything.map((e) => e.timestamp), everything.map((e) => e.timestamp).sort((x, y) => x - y));
  assert.deepEqual(everything.slice(0, 4).map((e) => e.logStreamName), ['a', 'b', 'a', 'b']);
  assert.equal(new Set(everything.map((e) => e.eventId)).size, 20);

  const errors = (await logs.send(new FilterLogEventsCommand({ logGroupName: 'js-etl', filterPattern: '{ $.level = "ERROR" }' }))).events;
  assert.equal(errors.length, 8);
  assert.ok(errors.every((e) => JSON.parse(e.message).level === 'ERROR'));
  const late = (await logs.send(new FilterLogEventsCommand({
    logGroupName: 'js-etl', filterPattern: '{ $.n >= 8 && $.stream = "b" }',
  }))).events;
  assert.deepEqual(late.map((e) => JSON.parse(e.message).n), [8, 9]);
  const terms = (await logs.send(new FilterLogEventsCommand({ logGroupName: 'js-etl', filterPattern: 'ERROR', logStreamNames: ['b'] }))).events;
  assert.deepEqual(terms.map((e) => [e.logStreamName, JSON.parse(e.message).n]), [['b', 0], ['b', 3], ['b', 6], ['b', 9]]);
  const window = (await logs.send(new FilterLogEventsCommand({
    logGroupName: 'js-etl', logStreamNamePrefix: 'a', startTime: t0 + 4, endTime: t0 + 10,
  }))).events;
  assert.deepEqual(window.map((e) => e.timestamp - t0), [4, 6, 8]);

  const paged = [];
  let pages = 0;
  for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 7 }, { logGroupName: 'js-etl' })) {
    pages++;
    assert.ok(page.events.length <= 7);
    paged.push(...page.events.map((e) => e.eventId));
  }
  assert.ok(pages >= 3, String(pages));
  assert.deepEqual(paged, everything.map((e) => e.eventId));

  await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'js-etl', filterPattern: '{ $.level = ' })), (err) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'js-nope' })), (err) => {
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.$metadata.httpStatusCode, 400);
    assert.equal(err.message, 'The specified log group does not exist.');
    return true;
  });
});
