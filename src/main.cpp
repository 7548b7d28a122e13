// tarn: one binary that runs an AWS serverless data pipeline on one machine.
#include <malloc.h>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // glibc returns freed memory above 128 KiB (mmap) or at the heap's top (trim) to the kernel, and
  // RocksDB frees its memtable arenas (2 MiB blocks) at every flush: each new memtable then
  // page-faults its way through fresh pages while PutItem copies items into it — on a VM, about a
  // tenth of a write's CPU. Keeping freed blocks in the heap for reuse removes that; the process
  // holds at most its peak heap, which the write buffers bound.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  return tarn::cli::Main(argc, argv);
}
