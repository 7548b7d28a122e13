// A function instance: fork/exec of the runtime with the Runtime API address in its environment,
// stdout+stderr through one pipe into log lines, reaping, timeouts and kills.
#include "lambda/function_instance.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>

#include "core/crypto.h"
#include "core/encoding.h"
#include "core/ids.h"
#include "core/log.h"
#include "core/time_format.h"
#include "lambda/log_lines.h"
#include "net/server.h"

namespace tarn::lambda {

namespace {

// Lambda's init phase limit (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
constexpr std::chrono::seconds kInitTimeout{10};
// Address space beyond MemorySize: interpreters reserve far more virtual memory than they touch
// (thread stacks, malloc arenas, mapped libraries), and RLIMIT_AS counts all of it.
constexpr uint64_t kAddressSpaceHeadroomMb = 1024;

int64_t EpochMs(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string DescribeExit(int status) {
  if (WIFEXITED(status))
    return "Runtime exited with error: exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGKILL) return "Runtime exited with error: signal: killed";
    return std::string("Runtime exited with error: signal: ") + strsignal(sig);
  }
  return "Runtime exited without providing a reason";
}

std::string ErrorJson(std::string_view type, std::string_view message) {
  boost::json::object o{{"errorType", type}, {"errorMessage", message}};
  return boost::json::serialize(o);
}

void CloseFrom(int first) {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, first, ~0U, 0) == 0) return;
#endif
  for (int fd = first; fd < 4096; ++fd) ::close(fd);
}

// What the forked supervisor needs, prepared before fork (nothing may allocate after it).
struct ChildSetup {
  char* const* argv;
  char* const* envp;
  const char* task_root;
  rlimit address_space;
  int output_fd;  // stdout and stderr of the runtime
  int pid_fd;     // where the supervisor writes the runtime's pid
  pid_t tarn;
};

void WriteError(const char* what) {
  const char* reason = std::strerror(errno);
  for (const char* part : {"tarn: cannot execute the runtime: ", what, ": ", reason, "\n"}) {
    [[maybe_unused]] auto n = ::write(2, part, std::strlen(part));
  }
}

// The forked child. It stays as a tiny supervisor (a child subreaper, like an init process) so
// that every process the runtime leaves behind is reaped even when the runtime's group is killed
// and tarn's PID 1 reaps nothing; the runtime itself runs in its own process group. The supervisor
// exits with the runtime's status once no descendant is left. Async-signal-safe calls only.
[[noreturn]] void Supervise(const ChildSetup& setup) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // tarn gone (even kill -9): the supervisor goes, then the runtime
  if (::getppid() != setup.tarn) ::_exit(1);
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // serve.cpp blocks SIGINT/SIGTERM for sigwait
  ::signal(SIGPIPE, SIG_DFL);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, 0);
  ::dup2(setup.output_fd, 1);
  ::dup2(setup.output_fd, 2);
  ::dup2(setup.pid_fd, 3);
  CloseFrom(4);
  pid_t supervisor = ::getpid();
  pid_t runtime = ::fork();
  if (runtime == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != supervisor) ::_exit(1);
    ::close(3);
    if (::chdir(setup.task_root) != 0) {
      WriteError(setup.task_root);
      ::_exit(126);
    }
    ::setrlimit(RLIMIT_AS, &setup.address_space);
    ::execve(setup.argv[0], setup.argv, setup.envp);
    WriteError(setup.argv[0]);
    ::_exit(127);
  }
  if (runtime < 0) ::_exit(126);
  ::setpgid(runtime, runtime);
  [[maybe_unused]] auto n = ::write(3, &runtime, sizeof runtime);
  ::close(3);
  int runtime_status = 0;
  while (true) {
    int status = 0;
    pid_t reaped = ::waitpid(-1, &status, 0);
    if (reaped == runtime) runtime_status = status;
    if (reaped < 0 && errno != EINTR) break;  // ECHILD: nothing left
  }
  if (WIFSIGNALED(runtime_status)) {
    ::signal(WTERMSIG(runtime_status), SIG_DFL);
    ::kill(supervisor, WTERMSIG(runtime_status));
  }
  ::_exit(WIFEXITED(runtime_status) ? WEXITSTATUS(runtime_status) : 1);
}

}  // namespace

struct FunctionInstance::Listener {
  explicit Listener(InvocationChannel& channel) : handler(channel), server(Options(), handler) {}
  static net::ServerOptions Options() {
    net::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;  // one long poll plus one response at a time
    o.idle_timeout = std::chrono::hours(24);
    return o;
  }
  RuntimeApiHandler handler;
  net::Server server;
};

struct FunctionInstance::Capture {
  Capture(int pipe, int pid, InvocationChannel& ch, const core::Clock& clk)
      : pipe_fd(pipe), wake_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), pid(pid), channel(ch), clock(clk) {}
  ~Capture() {
    if (pipe_fd >= 0) ::close(pipe_fd);
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void Wake() {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  // Splits what arrived into lines; each line is one event, as Lambda's log agent does.
  void AddBytes(std::string_view bytes) {
    std::lock_guard lock(mutex);
    partial.append(bytes);
    size_t start = 0;
    while (true) {
      size_t nl = partial.find('\n', start);
      if (nl == std::string::npos) break;
      lines.push_back({EpochMs(clock.Now()), partial.substr(start, nl - start)});
      start = nl + 1;
    }
    partial.erase(0, start);
  }

  void ReadAvailable() {
    char buffer[16384];
    while (pipe_fd >= 0) {
      ssize_t n = ::read(pipe_fd, buffer, sizeof buffer);
      if (n > 0) {
        AddBytes(std::string_view(buffer, static_cast<size_t>(n)));
      } else if (n == 0) {
        ::close(pipe_fd);
        pipe_fd = -1;
      } else if (errno != EINTR) {
        if (errno != EAGAIN) {
          ::close(pipe_fd);
          pipe_fd = -1;
        }
        return;
      }
    }
  }

  void Run() {
    while (true) {
      pollfd fds[2] = {{pipe_fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
      ::poll(fds, 2, 100);
      uint64_t drained;
      [[maybe_unused]] auto n = ::read(wake_fd, &drained, sizeof drained);
      ReadAvailable();
      if (!reaped) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          reaped = true;
          ReadAvailable();
          channel.MarkExited(DescribeExit(status));
        }
      }
      std::lock_guard lock(mutex);
      if (sync_requested > sync_done) {
        if (!partial.empty()) lines.push_back({EpochMs(clock.Now()), std::exchange(partial, {})});
        sync_done = sync_requested;
        synced.notify_all();
      }
      if (stop) return;
    }
  }

  // Returns once every byte the process wrote before the call is in `lines`.
  void Sync() {
    std::unique_lock lock(mutex);
    uint64_t ticket = ++sync_requested;
    lock.unlock();
    Wake();
    lock.lock();
    synced.wait(lock, [&] { return sync_done >= ticket || stop; });
  }

  std::vector<LogLine> Take() {
    std::lock_guard lock(mutex);
    return std::exchange(lines, {});
  }

  void Append(std::string message) {
    std::lock_guard lock(mutex);
    lines.push_back({EpochMs(clock.Now()), std::move(message)});
  }

  void Stop() {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    Wake();
    if (thread.joinable()) thread.join();
    // The supervisor exits once the runtime's group is gone; a descendant that left the group
    // would keep it waiting, so it gets a moment and then SIGKILL.
    for (int i = 0; i < 50 && !reaped; ++i) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
      if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!reaped) {
      ::kill(pid, SIGKILL);
      int status = 0;
      ::waitpid(pid, &status, 0);
      reaped = true;
    }
  }

  int pipe_fd;
  int wake_fd;
  int pid;
  InvocationChannel& channel;
  const core::Clock& clock;
  std::mutex mutex;
  std::condition_variable synced;
  std::vector<LogLine> lines;
  std::string partial;
  uint64_t sync_requested = 0;
  uint64_t sync_done = 0;
  bool stop = false;
  bool reaped = false;  // capture thread only, then Stop() after the join
  std::thread thread;
};

FunctionInstance::FunctionInstance(const core::Clock& clock, LogSink sink)
    : clock_(clock), sink_(std::move(sink)) {}

FunctionInstance::~FunctionInstance() {
  Kill();
  if (capture_) capture_->Stop();
  if (!capture_ && pid_ > 0) {
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  // Whatever the process printed after its last invocation.
  if (capture_) {
    auto rest = capture_->Take();
    if (!rest.empty() && sink_) sink_(log_stream_, std::move(rest));
  }
}

core::Result<std::unique_ptr<FunctionInstance>> FunctionInstance::Start(InstanceSpec spec,
                                                                        const core::Clock& clock,
                                                                        LogSink sink) {
  std::unique_ptr<FunctionInstance> instance(new FunctionInstance(clock, std::move(sink)));
  instance->memory_mb_ = spec.memory_mb;
  instance->version_ = spec.version;
  instance->log_stream_ = LogStreamName(clock.Now(), spec.version, core::HexEncode(core::RandomBytes(16)));
  instance->listener_ = std::make_unique<Listener>(instance->channel_);
  TARN_TRY(instance->listener_->server.Start());

  spec.env.push_back("AWS_LAMBDA_RUNTIME_API=127.0.0.1:" +
                     std::to_string(instance->listener_->server.port()));
  spec.env.push_back("AWS_LAMBDA_LOG_STREAM_NAME=" + instance->log_stream_);
  std::vector<char*> argv;
  for (auto& a : spec.argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : spec.env) envp.push_back(e.data());
  envp.push_back(nullptr);
  rlimit address_space{};
  address_space.rlim_cur = address_space.rlim_max =
      (static_cast<uint64_t>(spec.memory_mb) + kAddressSpaceHeadroomMb) * 1024 * 1024;

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return core::InternalFailure("pipe2 failed");
  int pid_fds[2];  // the supervisor reports the runtime's pid through it
  if (::pipe2(pid_fds, O_CLOEXEC) != 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return core::InternalFailure("pipe2 failed");
  }
  ChildSetup setup{argv.data(), envp.data(), spec.task_root.c_str(), address_space, pipe_fds[1],
                   pid_fds[1],  ::getpid()};
  // Between fork and exec only async-signal-safe calls: everything is prepared above.
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {pipe_fds[0], pipe_fds[1], pid_fds[0], pid_fds[1]}) ::close(fd);
    return core::InternalFailure(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) Supervise(setup);
  ::setpgid(pid, pid);
  ::close(pipe_fds[1]);
  ::close(pid_fds[1]);
  pid_t runtime = -1;
  if (::read(pid_fds[0], &runtime, sizeof runtime) != static_cast<ssize_t>(sizeof runtime)) runtime = -1;
  ::close(pid_fds[0]);
  ::fcntl(pipe_fds[0], F_SETFL, ::fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
  instance->pid_ = pid;
  instance->runtime_pid_ = runtime;
  instance->started_ = std::chrono::steady_clock::now();
  instance->capture_ = std::make_unique<Capture>(pipe_fds[0], pid, instance->channel_, clock);
  instance->capture_->thread = std::thread([c = instance->capture_.get()] { c->Run(); });
  return instance;
}

bool FunctionInstance::alive() const { return !channel_.exited(); }

void FunctionInstance::Kill() {
  std::lock_guard lock(kill_mutex_);
  if (std::exchange(killed_, true)) return;
  // The runtime's whole group, also stray children of a runtime that already exited; the
  // supervisor reaps them all, then exits itself.
  if (runtime_pid_ > 0) ::kill(-runtime_pid_, SIGKILL);
  if (runtime_pid_ <= 0 && pid_ > 0) ::kill(pid_, SIGKILL);
  channel_.MarkExited("Runtime exited with error: signal: killed");
  if (listener_) listener_->server.Stop(std::chrono::milliseconds(200));
}

int FunctionInstance::MaxMemoryUsedMb() const {
  std::ifstream status("/proc/" + std::to_string(runtime_pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      long kb = std::strtol(line.c_str() + 6, nullptr, 10);
      return static_cast<int>((kb + 1023) / 1024);
    }
  }
  return 0;
}

InvocationResult FunctionInstance::Invoke(Invocation invocation, int timeout_seconds) {
  const std::string request_id = invocation.request_id;
  const auto begin = std::chrono::steady_clock::now();
  const bool cold = std::exchange(cold_, false);
  capture_->Append(StartLine(request_id, version_));
  channel_.Submit(std::move(invocation));
  auto outcome = channel_.Wait(
      begin + std::max<std::chrono::seconds>(kInitTimeout, std::chrono::seconds(timeout_seconds)));
  const auto end = std::chrono::steady_clock::now();
  int max_memory = MaxMemoryUsedMb();

  InvocationResult result;
  std::string status;
  std::string extra_line;
  if (!outcome) {
    Kill();
    result.instance_lost = true;
    result.function_error = "Unhandled";
    status = "timeout";
    std::string text = TimedOutText(timeout_seconds);
    result.payload = ErrorJson("Sandbox.Timedout", "RequestId: " + request_id + " Error: " + text);
    extra_line = core::FormatIso8601Millis(clock_.Now()) + " " + request_id + " " + text;
  } else {
    switch (outcome->kind) {
      case Outcome::Kind::kResponse:
        result.payload = std::move(outcome->payload);
        break;
      case Outcome::Kind::kFunctionError:
        result.function_error = "Unhandled";
        result.payload = outcome->payload.empty()
                             ? ErrorJson(outcome->error_type.empty() ? "Unhandled" : outcome->error_type, "")
                             : std::move(outcome->payload);
        break;
      case Outcome::Kind::kInitError:
        Kill();
        result.instance_lost = true;
        result.function_error = "Unhandled";
        status = "error";
        result.payload = std::move(outcome->payload);
        break;
      case Outcome::Kind::kExited:
        Kill();
        result.instance_lost = true;
        result.function_error = "Unhandled";
        status = "error";
        result.payload =
            ErrorJson("Runtime.ExitError", "RequestId: " + request_id + " Error: " + outcome->payload);
        extra_line = "RequestId: " + request_id + " Error: " + outcome->payload + "\nRuntime.ExitError";
        break;
    }
  }
  capture_->Sync();
  if (!extra_line.empty()) capture_->Append(extra_line);
  capture_->Append(EndLine(request_id));
  auto duration = std::chrono::duration_cast<std::chrono::microseconds>(end - begin);
  auto init = cold ? std::chrono::duration_cast<std::chrono::microseconds>(begin - started_)
                   : std::chrono::microseconds(0);
  capture_->Append(ReportLine(request_id, duration, memory_mb_, max_memory, init, status));
  auto lines = capture_->Take();
  // This invocation's text: from its START line on (output of the init phase stays out of it).
  bool in_invocation = false;
  std::string start = StartLine(request_id, version_);
  for (const auto& line : lines) {
    if (line.message == start) in_invocation = true;
    if (in_invocation) result.log_text += line.message + "\n";
  }
  if (sink_) sink_(log_stream_, std::move(lines));
  return result;
}

}  // namespace tarn::lambda
