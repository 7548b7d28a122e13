// Shard iterator encoding (round trip, the secret, untrusted bytes) and sequence number formatting.
#include "streams/shard_iterator.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "streams/change_log.h"

namespace tarn::streams {
namespace {

const std::string kSecret(32, 's');
const std::string kArn =
    "arn:aws:dynamodb:us-east-1:000000000000:table/student/stream/2015-08-31T00:00:00.000";

TEST(ShardIterator, RoundTrips) {
  ShardIterator it{kArn, 7, 3, 100000000001ULL, 1440979200123};
  std::string text = EncodeShardIterator(it, kSecret);
  EXPECT_TRUE(text.starts_with(kArn + "|1|"));
  EXPECT_LE(text.size(), 2048u);  // the API's ShardIterator length limit
  auto back = DecodeShardIterator(text, kSecret);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->stream_arn, kArn);
  EXPECT_EQ(back->stream_id, 7u);
  EXPECT_EQ(back->shard_index, 3u);
  EXPECT_EQ(back->position, 100000000001ULL);
  EXPECT_EQ(back->created_ms, 1440979200123);
}

TEST(ShardIterator, RefusesOtherSecretsAndAlteredBytes) {
  std::string text = EncodeShardIterator({kArn, 1, 0, 5, 10}, kSecret);
  EXPECT_FALSE(DecodeShardIterator(text, std::string(32, 't')).ok());
  // Moving the iterator to another stream by its readable ARN prefix is caught too.
  std::string other =
      "arn:aws:dynamodb:us-east-1:000000000000:table/marks/stream/x" + text.substr(kArn.size());
  EXPECT_FALSE(DecodeShardIterator(other, kSecret).ok());
  for (size_t i = 0; i < text.size(); ++i) {
    for (char c : {'A', '/', '|', '\0', '\xff'}) {
      if (text[i] == c) continue;
      std::string t = text;
      t[i] = c;
      auto r = DecodeShardIterator(t, kSecret);
      ASSERT_FALSE(r.ok()) << i << " " << int(c);
      EXPECT_EQ(r.error().code, "ValidationException");
      EXPECT_EQ(r.error().message, "Invalid ShardIterator");
    }
  }
  for (std::string_view junk : {"", "|1|", "abc", "arn|1|====", "arn|1|QUJD"})
    EXPECT_FALSE(DecodeShardIterator(junk, kSecret).ok()) << junk;
}

TEST(SequenceNumber, FormatsAndParses) {
  EXPECT_EQ(FormatSequenceNumber(1), "100000000000000000001");
  EXPECT_EQ(FormatSequenceNumber(UINT64_MAX), "118446744073709551615");
  EXPECT_EQ(ParseSequenceNumber("100000000000000000042"), 42u);
  EXPECT_EQ(ParseSequenceNumber("118446744073709551615"), UINT64_MAX);
  for (std::string_view bad : {"", "1", "200000000000000000001", "10000000000000000000a",
                               "118446744073709551616", "1000000000000000000001", "-00000000000000000001"})
    EXPECT_FALSE(ParseSequenceNumber(bad).has_value()) << bad;
  EXPECT_LT(FormatSequenceNumber(9), FormatSequenceNumber(10));  // fixed width: text order is number order
}

// As AWS writes it (GetRecords and Lambda events: 1.684934517E9, 1.5142308E9, 1.46480431E9).
TEST(ApproximateCreationDateTime, IsAJavaDouble) {
  EXPECT_EQ(FormatApproximateCreationDateTime(1684934517), "1.684934517E9");
  EXPECT_EQ(FormatApproximateCreationDateTime(1514230800), "1.5142308E9");
  EXPECT_EQ(FormatApproximateCreationDateTime(1464804310), "1.46480431E9");
  EXPECT_EQ(FormatApproximateCreationDateTime(2000000000), "2.0E9");
  EXPECT_EQ(FormatApproximateCreationDateTime(10000000), "1.0E7");
  EXPECT_EQ(FormatApproximateCreationDateTime(9999999), "9999999.0");
  EXPECT_EQ(FormatApproximateCreationDateTime(0), "0.0");
  EXPECT_EQ(boost::json::parse(FormatApproximateCreationDateTime(1796275492)).as_double(), 1796275492.0);
}

}  // namespace
}  // namespace tarn::streams
