#pragma once
// How DynamoDB's request validator echoes BatchWriteItem's RequestItems when a table's list of
// requests breaks its length constraint: Java's toString of its request objects, every member of an
// AttributeValue printed, the absent ones as null (exoego/dynamodb-conformance's cross-region capture
// c_bw_over25, eu-west-2, eu-central-1 and ap-southeast-2, September 2026):
//   {t=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=a, n=null, ..., bOOL=null)},
//   workloadProfileName=null), deleteRequest=null)]}
// Maps print in the order sent; a binary value as Java prints a heap ByteBuffer.

#include <boost/json/object.hpp>
#include <string>

namespace tarn::protocol {

std::string DynamoDbWriteRequestsText(const boost::json::object& request_items);

}  // namespace tarn::protocol
