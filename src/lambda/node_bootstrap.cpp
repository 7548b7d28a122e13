// tarn's Node.js runtime client: loads "file.function" (CommonJS .js/.cjs or ES module .mjs)
// from LAMBDA_TASK_ROOT and speaks the Runtime API with the http module. Handlers may be async,
// return a promise or use the callback. Console lines carry the timestamp, request id and level
// as on Lambda, with newlines turned into '\r' so one call stays one log event. Error bodies
// follow the AWS Node.js runtime: {"errorType", "errorMessage", "trace"}.
#include "lambda/runtimes.h"

namespace tarn::lambda {

namespace {
constexpr std::string_view kSource = R"JS('use strict';
// tarn's Node.js runtime client (Lambda Runtime API).
const fs = require('fs');
const http = require('http');
const path = require('path');
const url = require('url');
const util = require('util');

const [HOST, PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let currentRequestId = '';

function call(method, p, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, path: '/2018-06-01/runtime' + p, method, agent,
                               headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}) },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
                                      body: Buffer.concat(chunks).toString('utf8') }));
      });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

for (const [name, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'],
                             ['debug', 'DEBUG'], ['trace', 'TRACE']]) {
  const stream = level === 'ERROR' || level === 'WARN' ? process.stderr : process.stdout;
  console[name] = (...args) => {
    const line = `${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${util.format(...args)}`;
    stream.write(line.replace(/\n/g, '\r') + '\n');
  };
}

function fault(type, message) {
  const e = new Error(message);
  e.name = type;
  return e;
}

function errorBody(e) {
  if (e instanceof Error) {
    return { errorType: e.name, errorMessage: e.message, trace: (e.stack || '').split('\n') };
  }
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}

async function loadHandler() {
  const handler = process.env._HANDLER || '';
  const root = process.env.LAMBDA_TASK_ROOT || '.';
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw fault('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  const modulePath = handler.slice(0, dot);
  const functionName = handler.slice(dot + 1);
  const base = path.resolve(root, modulePath);
  let mod;
  for (const ext of ['.js', '.mjs', '.cjs']) {
    if (!fs.existsSync(base + ext)) continue;
    try {
      mod = ext === '.mjs' ? await import(url.pathToFileURL(base + ext).href) : require(base + ext);
    } catch (e) {
      if (e && e.code === 'ERR_REQUIRE_ESM') {
        mod = await import(url.pathToFileURL(base + ext).href);
      } else if (e instanceof SyntaxError) {
        throw fault('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`);
      } else {
        throw e;
      }
    }
    break;
  }
  if (mod === undefined) {
    throw fault('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  }
  const f = mod[functionName] !== undefined ? mod[functionName] : (mod.default || {})[functionName];
  if (typeof f !== 'function') {
    throw fault('Runtime.HandlerNotFound', `${modulePath}.${functionName} is undefined or not exported`);
  }
  return f;
}

function run(f, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (err, result) => (err ? reject(err) : resolve(result));
    try {
      const r = f(event, context, callback);
      if (r && typeof r.then === 'function') r.then(resolve, reject);
      else if (f.length < 3) resolve(r);
    } catch (e) {
      reject(e);
    }
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (e) {
    const body = errorBody(e);
    console.error(JSON.stringify(body));
    await call('POST', '/init/error', JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', '/invocation/next');
    if (next.status !== 200) process.exit(1);
    const id = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms'] || 0);
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] || '';
    currentRequestId = id;
    const context = {
      awsRequestId: id,
      invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    if (next.headers['lambda-runtime-client-context']) {
      context.clientContext = JSON.parse(next.headers['lambda-runtime-client-context']);
    }
    try {
      const event = next.body ? JSON.parse(next.body) : {};
      const result = await run(handler, event, context);
      await call('POST', `/invocation/${id}/response`, JSON.stringify(result === undefined ? null : result));
    } catch (e) {
      const body = errorBody(e);
      console.error(`Invoke Error \t${JSON.stringify(body)}`);
      await call('POST', `/invocation/${id}/error`, JSON.stringify(body), { 'Lambda-Runtime-Function-Error-Type': body.errorType });
    }
  }
}

main();
)JS";
}  // namespace

std::string_view NodeBootstrapSource() { return kSource; }

}  // namespace tarn::lambda
