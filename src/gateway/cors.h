#pragma once
// Cross-origin resource sharing for the services a browser's SDK calls with signed requests
// (DynamoDB and the other JSON and Query services; S3's CORS is per bucket: s3/cors.h). Every
// answer to a request carrying Origin allows any origin and exposes DynamoDB's response headers; a
// preflight (OPTIONS) is answered by the gateway itself, allowing the method and headers it asks
// for. The behaviour is DynamoDB's as Alternator's test_cors.py, run against AWS, pins it. Pure.

#include "net/http.h"

namespace tarn::gateway {

// An OPTIONS request with Origin that precedes a request to a JSON or Query service: it is for "/"
// or it asks leave to send X-Amz-Target. (A preflight carries neither a signature nor a target, so
// nothing else tells its service.)
bool IsServicePreflight(const net::HttpRequest& request);

// The preflight's answer: 200, no body, the CORS headers of a preflight.
net::HttpResponse AnswerPreflight(const net::HttpRequest& request);

// Adds Access-Control-Allow-Origin and -Expose-Headers when the request has an Origin.
void AddCorsHeaders(const net::HttpRequest& request, net::HttpResponse& response);

}  // namespace tarn::gateway
