#include "protocol/dynamodb_echo.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace tarn::protocol {
namespace {

namespace json = boost::json;

std::string Echo(std::string_view text) { return DynamoDbWriteRequestsText(json::parse(text).as_object()); }

const char* kNone =
    "s=null, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=null, iNTSET=null, "
    "dECIMALSET=null, dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null";

TEST(DynamoDbEchoTest, PrintsRequestsAsTheServiceObjects) {
  EXPECT_EQ(
      Echo(R"({"t":[{"PutRequest":{"Item":{"pk":{"S":"a"}}}}]})"),
      "{t=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=a, n=null, b=null, iNT=null, "
      "dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, "
      "m=null, l=null, nULL=null, bOOL=null)}, workloadProfileName=null), deleteRequest=null)]}");
  EXPECT_EQ(Echo(R"({"t":[],"u":[]})"), "{t=[], u=[]}");
}

TEST(DynamoDbEchoTest, MalformedRequestsPrintWhatWasSent) {
  // Nothing here is judged: the validator echoes whatever arrived, so no shape may crash it.
  EXPECT_EQ(Echo(R"({"t":"x"})"), "{t=x}");
  EXPECT_EQ(Echo(R"({"t":[1,null,{}]})"),
            "{t=[WriteRequest(putRequest=null, deleteRequest=null), WriteRequest(putRequest=null, "
            "deleteRequest=null), WriteRequest(putRequest=null, deleteRequest=null)]}");
  EXPECT_EQ(
      Echo(R"({"t":[{"PutRequest":{"Item":5}}]})"),
      "{t=[WriteRequest(putRequest=PutRequest(item=5, workloadProfileName=null), deleteRequest=null)]}");
  EXPECT_EQ(
      Echo(R"({"t":[{"DeleteRequest":{}}]})"),
      "{t=[WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key=null, workloadProfileName=null))]}");
  // A value that is no AttributeValue object, an unknown type, bytes that are not base64.
  EXPECT_EQ(
      Echo(R"({"t":[{"PutRequest":{"Item":{"a":"x","b":{"Q":1},"c":{"B":"@@"},"d":{"BS":[1]}}}}]})"),
      std::string("{t=[WriteRequest(putRequest=PutRequest(item={a=x, b=AttributeValue(") + kNone +
          "), c=AttributeValue(s=null, n=null, b=java.nio.HeapByteBuffer[pos=0 lim=0 cap=0], iNT=null, "
          "dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, "
          "dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null), d=AttributeValue(s=null, n=null, b=null, "
          "iNT=null, dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=[1], iNTSET=null, dECIMALSET=null, "
          "dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null)}, workloadProfileName=null), "
          "deleteRequest=null)]}");
}

}  // namespace
}  // namespace tarn::protocol
