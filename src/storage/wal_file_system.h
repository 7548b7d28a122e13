#pragma once
// A RocksDB FileSystem whose write-ahead logs are written over blocks that already hold zeros.
//
// Why: on ext4 (and most file systems) an fdatasync after an append must also write the inode
// (the file grew) and the block allocation; an fdatasync after overwriting blocks that are already
// allocated, written and synced writes the data pages alone — on our target VM half the time in a
// one-file probe, a third less per group commit under the PutItem benchmark. RocksDB's own answer, WAL
// recycling, is disabled under the kPointInTimeRecovery mode a durable store needs. So each WAL file gets its
// zeros ahead of the writer, from a thread of its own: blocks past the written end are filled with zeros and
// synced before the writer reaches them. RocksDB's log reader skips all-zero blocks as the preallocated tail
// they are (a zero-length record of type zero) in every recovery mode, so a WAL that ends in zeros — after a
// kill -9 or a power loss — recovers exactly like one that ends where it was written; a closed WAL is cut
// back to its written length.
//
// Only the storage folder sees rocksdb types; rocks.cpp installs this in its DBOptions.

#include <cstdint>
#include <functional>
#include <memory>

namespace rocksdb {
class FileSystem;
}

namespace tarn::storage {

struct WalZeroing {
  uint64_t chunk_bytes = 4 << 20;  // zeros written and synced per step
  // The writer's first bytes of a new WAL are plain appends while the first chunk is zeroed
  // beyond them, so a new WAL never waits for zeros.
  uint64_t headroom_bytes = 1 << 20;
  // Tests only: runs on the zeroing thread before each chunk's zeros are written.
  std::function<void()> before_chunk;
};

// base serves every other file and does the WAL files' own writes.
std::shared_ptr<rocksdb::FileSystem> NewZeroedWalFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                                                            WalZeroing zeroing = {});

}  // namespace tarn::storage
