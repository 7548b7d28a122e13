#pragma once
// Test helpers for tests/unit/storage: a per-test temporary directory, a copy of a freshly created
// database (creating 15 column families costs ~0.3 s under ASan; a copy costs milliseconds), and a
// child process that
// re-runs this test binary in a "child mode" (StorageChild.DISABLED_Main in rocks_test.cpp) with
// a pipe on its fd 3, so tests can hold RocksDB's lock in one process and probe it from another,
// or kill -9 a writer mid-stream. Single-threaded test use only.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/rocks.h"

extern char** environ;

namespace tarn::storage::test_util {

// The environment variable that turns the test binary into a storage child: "<mode> <path>".
inline constexpr const char* kChildEnv = "TARN_STORAGE_CHILD";
inline constexpr int kChildFd = 3;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "tarn-storage-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Copies a database that Rocks::Open created (and closed) once per test binary to dest.
inline void CopyFreshDatabase(const std::string& dest) {
  static const TempDir* const kTemplate = [] {
    auto* dir = new TempDir();  // leaked on purpose: removed by the atexit hook below
    RocksOptions options;
    options.path = dir->path() + "/db";
    auto rocks = Rocks::Open(options);
    EXPECT_TRUE(rocks.ok()) << rocks.error().message;
    std::atexit([] { delete kTemplate; });
    return dir;
  }();
  std::error_code ec;
  std::filesystem::copy(kTemplate->path() + "/db", dest, std::filesystem::copy_options::recursive, ec);
  EXPECT_FALSE(ec) << ec.message();
}

// A fresh database (CopyFreshDatabase) under dir/db, opened with default options.
inline std::unique_ptr<Rocks> OpenFreshDatabase(const TempDir& dir) {
  CopyFreshDatabase(dir.path() + "/db");
  RocksOptions options;
  options.path = dir.path() + "/db";
  auto rocks = Rocks::Open(options);
  EXPECT_TRUE(rocks.ok()) << rocks.error().message;
  return rocks.ok() ? std::move(rocks).value() : nullptr;
}

// A child running this binary in storage-child mode; its fd 3 is readable here.
class Child {
 public:
  Child(const std::string& mode, const std::string& path) {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], kChildFd);  // dup2 clears O_CLOEXEC
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
    std::string filter = "--gtest_filter=StorageChild.DISABLED_Main";
    std::string also = "--gtest_also_run_disabled_tests";
    char* argv[] = {exe.data(), filter.data(), also.data(), nullptr};
    std::vector<std::string> env_strings = {std::string(kChildEnv) + "=" + mode + " " + path};
    for (char** e = environ; *e != nullptr; ++e)
      if (std::string_view(*e).rfind(kChildEnv, 0) != 0) env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    EXPECT_EQ(::posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv, envp.data()), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    read_fd_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) Kill();
    if (read_fd_ >= 0) ::close(read_fd_);
  }

  // Reads one '\n'-terminated line from the child's fd 3; false at end of stream.
  bool ReadLine(std::string* line) {
    line->clear();
    char c;
    while (true) {
      ssize_t n = ::read(read_fd_, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      if (c == '\n') return true;
      *line += c;
    }
  }
  void Kill() {
    ::kill(pid_, SIGKILL);
    Wait();
  }
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
};

}  // namespace tarn::storage::test_util
