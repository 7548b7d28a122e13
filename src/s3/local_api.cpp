// Implements the in-process API of s3.h for other modules: ListLocalFiles, PutObjectFromFile.
// No HTTP and no IAM here; callers (Athena, Glue, Lambda) authorize before calling.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "s3/checksums.h"
#include "s3/errors.h"
#include "s3/object_headers.h"
#include "s3/object_store.h"
#include "s3/records.h"
#include "s3/s3.h"

namespace tarn::s3 {
namespace {

// A local file as a request body, read sequentially.
class FileBodyReader final : public net::BodyReader {
 public:
  explicit FileBodyReader(int fd) : fd_(fd) {}
  ~FileBodyReader() override { ::close(fd_); }
  FileBodyReader(const FileBodyReader&) = delete;
  FileBodyReader& operator=(const FileBodyReader&) = delete;
  core::Result<size_t> Read(char* buffer, size_t size) override {
    while (true) {
      ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR)
        return core::InternalFailure(std::string("cannot read local file: ") + std::strerror(errno));
    }
  }
  std::optional<uint64_t> DeclaredLength() const override { return std::nullopt; }

 private:
  int fd_;
};

}  // namespace

core::Result<std::vector<LocalObject>> Service::ListLocalFiles(std::string_view bucket,
                                                               std::string_view prefix) const {
  TARN_ASSIGN_OR_RETURN(auto record, store_->GetBucket(bucket));
  if (!record) return NoSuchBucket(bucket);
  std::vector<LocalObject> out;
  auto cursor = store_->Objects(bucket);
  for (cursor->Seek(prefix); cursor->Valid() && cursor->key().starts_with(prefix); cursor->Next()) {
    auto object = DecodeObjectRecord(cursor->value(), /*with_data=*/false);
    if (!object) return core::InternalFailure("unreadable S3 object record");
    if (object->blob.empty()) {
      // An inline object gets a file now; it keeps it (the record names the blob from here on).
      TARN_ASSIGN_OR_RETURN(auto materialized, store_->MaterializeObject(bucket, cursor->key()));
      if (!materialized) continue;  // deleted meanwhile
      object = std::move(materialized);
    }
    out.push_back(LocalObject{std::string(cursor->key()), store_->BlobPath(bucket, object->blob),
                              object->size, object->etag, object->last_modified});
  }
  TARN_TRY(cursor->status());
  return out;
}

core::Result<std::string> Service::PutObjectFromFile(std::string_view bucket, std::string_view key,
                                                     const std::string& local_path,
                                                     std::string_view content_type) {
  if (key.size() > kMaxKeyBytes) return KeyTooLongError();
  TARN_ASSIGN_OR_RETURN(auto bucket_record, store_->GetBucket(bucket));
  if (!bucket_record) return NoSuchBucket(bucket);
  int fd = ::open(local_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::InternalFailure("cannot open " + local_path + ": " + std::strerror(errno));
  FileBodyReader reader(fd);
  BodyDigests digests({});
  TARN_ASSIGN_OR_RETURN(TempBlob temp, store_->NewTempBlob());
  TARN_ASSIGN_OR_RETURN(uint64_t size, temp.Fill(reader, digests));
  TARN_TRY(temp.Finish());
  digests.Finish();
  ObjectRecord record;
  TARN_ASSIGN_OR_RETURN(record.blob, store_->Publish(temp, bucket));
  record.size = size;
  record.etag = QuotedETag(digests.md5());
  record.last_modified = clock_.Now();
  record.headers.content_type = std::string(content_type);
  if (auto put = store_->PutObject(bucket, key, record); !put.ok()) {
    store_->RemoveBlob(bucket, record.blob);
    return std::move(put).error();
  }
  ObjectEvent event =
      MakeEvent(nullptr, ObjectEvent::Type::kObjectCreated, "ObjectCreated:Put", bucket, key, &record);
  event.account_id = bucket_record->account_id;
  event.region = bucket_record->region;
  Emit(event);
  return record.etag;
}

}  // namespace tarn::s3
