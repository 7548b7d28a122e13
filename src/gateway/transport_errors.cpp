#include "gateway/transport_errors.h"

#include "protocol/codec.h"

namespace tarn::gateway {

core::AwsError TooLarge() { return core::AwsError("RequestEntityTooLarge", "Request entity too large", 413); }

core::AwsError UnknownService(std::string_view name) {
  return core::AwsError("NotImplemented", "tarn does not serve the service '" + std::string(name) + "'.",
                        501);
}

core::AwsError ForService(const protocol::ServiceModel& service, const protocol::OperationModel* operation,
                          uint64_t limit, core::AwsError error) {
  if (error.code == "RequestEntityTooLarge") {
    if (service.name() == "s3") {
      // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
      return core::AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.",
                            400);
    }
    if (service.name() == "lambda") {
      // A code upload over its quota is refused by Lambda's front end, which names the operation.
      if (operation && (operation->name() == "CreateFunction" || operation->name() == "UpdateFunctionCode")) {
        return core::AwsError("RequestEntityTooLargeException",
                              "Request must be smaller than " + std::to_string(limit) + " bytes for the " +
                                  operation->name() + " operation",
                              413);
      }
      return core::AwsError("RequestTooLargeException", "Request must be smaller than 6291456 bytes.", 413);
    }
  }
  return error;
}

net::HttpResponse RenderWithoutService(const net::HttpRequest& request, auth::ErrorDialect dialect,
                                       const core::AwsError& error) {
  // Codecs render every error; a service tarn does not know borrows a model of the same
  // protocol family whose error shape carries no service-specific decoration.
  const auto& models = protocol::ModelSet::Embedded();
  if (dialect == auth::ErrorDialect::kQuery) {
    return protocol::CodecFor(protocol::Protocol::kQuery)
        .EncodeError(*models.Find("sts"), error, request.request_id);
  }
  if (dialect == auth::ErrorDialect::kS3) {
    return protocol::CodecFor(protocol::Protocol::kRestXml)
        .EncodeError(*models.Find("s3"), error, request.request_id);
  }
  return protocol::CodecFor(protocol::Protocol::kJson)
      .EncodeError(*models.Find("logs"), error, request.request_id);
}

}  // namespace tarn::gateway
