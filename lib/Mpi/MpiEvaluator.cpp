//===- MpiEvaluator.cpp - Batches evaluated over MPI ranks ----------------===//

#include "cim/Mpi/MpiEvaluator.h"
#include "cim/Support/Error.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace cim::mpi {

namespace {
enum Tag : int { kWork = 1, kResult = 2, kStop = 3 };
/// An idle main thread sleeps between polls, from kFirstPoll doubling up to
/// kLastPoll while nothing arrives: quick to answer a burst, yet few
/// wake-ups that take the core from the evaluation threads (several ranks
/// may share a core). Each rank holds 2 x threads candidates, so a result
/// waiting up to kLastPoll (well under one evaluation, about 1-20 ms) does
/// not leave a rank idle.
constexpr auto kFirstPoll = std::chrono::microseconds(50);
constexpr auto kLastPoll = std::chrono::microseconds(1000);

/// The sleep of the next idle poll.
void idlePoll(std::chrono::microseconds &interval) {
  std::this_thread::sleep_for(interval);
  interval = std::min(interval * 2, kLastPoll);
}

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename T>
void put(std::string &out, T value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof(T));
}
void putText(std::string &out, llvm::StringRef text) {
  put<uint32_t>(out, static_cast<uint32_t>(text.size()));
  out.append(text.data(), text.size());
}

/// Reads fixed-size values and texts off the front of a message.
struct Reader {
  llvm::StringRef rest;
  bool ok = true;
  template <typename T>
  T get() {
    T value{};
    if (rest.size() < sizeof(T)) {
      ok = false;
      return value;
    }
    std::memcpy(&value, rest.data(), sizeof(T));
    rest = rest.drop_front(sizeof(T));
    return value;
  }
  std::string getText() {
    uint32_t size = get<uint32_t>();
    if (!ok || rest.size() < size) {
      ok = false;
      return {};
    }
    std::string text = rest.take_front(size).str();
    rest = rest.drop_front(size);
    return text;
  }
};

/// Receives the pending message of `status` (after a probe).
std::string receive(const MPI_Status &status) {
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  std::string bytes(static_cast<size_t>(count), '\0');
  MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG,
           MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return bytes;
}

void send(llvm::StringRef bytes, int rank, int tag) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, rank, tag,
           MPI_COMM_WORLD);
}
} // namespace

bool launchedByMpirun() {
  for (const char *name :
       {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (std::getenv(name))
      return true;
  return false;
}

llvm::Expected<std::unique_ptr<Session>> Session::start(int &argc,
                                                        char **&argv) {
  // Open MPI yields the core inside every idle MPI call when a node has more
  // ranks than cores (--oversubscribe); our main threads already sleep
  // between polls, and a yield on a busy node can cost a whole scheduler
  // round per poll (measured: 2.5x slower with 3 ranks on 2 loaded cores).
  // A value given with --mca or the environment still wins.
  setenv("OMPI_MCA_mpi_yield_when_idle", "0", /*overwrite=*/0);
  int provided = 0;
  if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) !=
      MPI_SUCCESS)
    return cim::makeError("MPI_Init_thread failed");
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    return cim::makeError(
        "the MPI library does not support MPI_THREAD_FUNNELED (evaluation "
        "threads beside the thread that talks to MPI)");
  }
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return std::unique_ptr<Session>(new Session(rank, size));
}

Session::~Session() {
  stopWorkers();
  MPI_Finalize();
}

void Session::stopWorkers() {
  if (!isCoordinator() || stopped)
    return;
  stopped = true;
  for (int rank = 1; rank < worldSize; ++rank)
    send("", rank, kStop);
}

void Session::abort(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::_Exit(status);
}

std::string encodeItem(uint64_t index, const evo::BatchItem &item) {
  std::string out;
  put<uint64_t>(out, index);
  put<uint32_t>(out, static_cast<uint32_t>(item.genome.size()));
  for (int gene : item.genome)
    put<int32_t>(out, gene);
  putText(out, item.prepared);
  return out;
}

bool decodeItem(llvm::StringRef bytes, uint64_t &index, evo::BatchItem &item) {
  Reader in{bytes};
  index = in.get<uint64_t>();
  uint32_t genes = in.get<uint32_t>();
  if (!in.ok || in.rest.size() < size_t(genes) * sizeof(int32_t))
    return false;
  item.genome.clear();
  for (uint32_t g = 0; g < genes; ++g)
    item.genome.push_back(in.get<int32_t>());
  item.prepared = in.getText();
  return in.ok && in.rest.empty();
}

std::string encodeResult(uint64_t index,
                         llvm::Expected<evo::Evaluation> result) {
  std::string out;
  put<uint64_t>(out, index);
  put<uint8_t>(out, result ? 1 : 0);
  if (!result) {
    putText(out, llvm::toString(result.takeError()));
    return out;
  }
  put<uint8_t>(out, result->trusted ? 1 : 0);
  put<uint32_t>(out, static_cast<uint32_t>(result->objectives.size()));
  for (double value : result->objectives)
    put<double>(out, value);
  put<uint32_t>(out, static_cast<uint32_t>(result->fields.size()));
  for (const std::string &field : result->fields)
    putText(out, field);
  return out;
}

bool decodeResult(llvm::StringRef bytes, uint64_t &index,
                  std::optional<llvm::Expected<evo::Evaluation>> &result) {
  Reader in{bytes};
  index = in.get<uint64_t>();
  const bool ok = in.get<uint8_t>() != 0;
  if (!ok) {
    std::string message = in.getText();
    if (!in.ok || !in.rest.empty())
      return false;
    result.emplace(cim::makeError(message));
    return true;
  }
  evo::Evaluation evaluation;
  evaluation.trusted = in.get<uint8_t>() != 0;
  uint32_t objectives = in.get<uint32_t>();
  for (uint32_t m = 0; in.ok && m < objectives; ++m)
    evaluation.objectives.push_back(in.get<double>());
  uint32_t fields = in.get<uint32_t>();
  for (uint32_t f = 0; in.ok && f < fields; ++f)
    evaluation.fields.push_back(in.getText());
  if (!in.ok || !in.rest.empty())
    return false;
  result.emplace(std::move(evaluation));
  return true;
}

MpiEvaluator::MpiEvaluator(Session &session, EvaluatorOptions options)
    : session(session), options(options),
      evaluationsPerRank(static_cast<size_t>(session.size()), 0) {}

std::vector<llvm::Expected<evo::Evaluation>>
MpiEvaluator::evaluate(const evo::Problem &problem,
                       llvm::ArrayRef<evo::BatchItem> items) {
  const size_t count = items.size();
  std::vector<std::optional<llvm::Expected<evo::Evaluation>>> computed(count);
  std::atomic<size_t> cursor{0};
  const unsigned threads = std::max(options.threads, 1u);

  // Rank 0's own threads take candidates from the same cursor as the
  // workers' messages.
  std::atomic<int64_t> localDone{0};
  std::vector<std::thread> local;
  for (unsigned t = 0; t < threads; ++t)
    local.emplace_back([&, t] {
      for (size_t i = cursor++; i < count; i = cursor++) {
        computed[i].emplace(
            problem.evaluatePrepared(items[i].genome, items[i].prepared, t));
        ++localDone;
      }
    });

  const int ranks = session.size();
  std::vector<int> held(static_cast<size_t>(ranks), 0);
  std::vector<Clock::time_point> lastHeard(static_cast<size_t>(ranks),
                                           Clock::now());
  int64_t outstanding = 0;
  auto sendNext = [&](int rank) {
    size_t i = cursor++;
    if (i >= count)
      return;
    auto start = Clock::now();
    std::string bytes = encodeItem(i, items[i]);
    send(bytes, rank, kWork);
    messageSeconds += secondsSince(start);
    ++messages;
    bytesSent += static_cast<int64_t>(bytes.size());
    ++held[rank];
    ++outstanding;
  };
  for (int rank = 1; rank < ranks; ++rank) {
    lastHeard[rank] = Clock::now();
    for (unsigned s = 0; s < 2 * threads; ++s)
      sendNext(rank);
  }

  auto interval = kFirstPoll;
  while (outstanding > 0) {
    int flag = 0;
    MPI_Status status;
    auto start = Clock::now();
    MPI_Iprobe(MPI_ANY_SOURCE, kResult, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      if (options.rankTimeoutSeconds > 0)
        for (int rank = 1; rank < ranks; ++rank)
          if (held[rank] > 0 &&
              secondsSince(lastHeard[rank]) > options.rankTimeoutSeconds) {
            llvm::errs() << llvm::formatv(
                "error: MPI rank {0} holds {1} candidate(s) and has sent "
                "no result for {2} s (--rank-timeout); ending the job. "
                "Every finished generation is on disk: continue with "
                "--resume\n",
                rank, held[rank], options.rankTimeoutSeconds);
            llvm::errs().flush();
            session.abort(1);
          }
      idlePoll(interval);
      continue;
    }
    interval = kFirstPoll;
    std::string bytes = receive(status);
    uint64_t index = 0;
    std::optional<llvm::Expected<evo::Evaluation>> result;
    const bool decoded = decodeResult(bytes, index, result);
    messageSeconds += secondsSince(start);
    ++messages;
    bytesReceived += static_cast<int64_t>(bytes.size());
    const int rank = status.MPI_SOURCE;
    lastHeard[rank] = Clock::now();
    --held[rank];
    --outstanding;
    if (!decoded || index >= count || computed[index]) {
      llvm::errs() << llvm::formatv(
          "error: MPI rank {0} sent a malformed result; ending the job\n",
          rank);
      session.abort(1);
    }
    computed[index] = std::move(result);
    ++evaluationsPerRank[rank];
    sendNext(rank);
  }
  for (std::thread &thread : local)
    thread.join();
  evaluationsPerRank[0] += localDone.load();

  std::vector<llvm::Expected<evo::Evaluation>> results;
  results.reserve(count);
  for (auto &result : computed)
    results.push_back(std::move(*result));
  return results;
}

nlohmann::json MpiEvaluator::describe() const {
  return {{"ranks", session.size()},
          {"threads_per_rank", std::max(options.threads, 1u)},
          {"evaluations_per_rank", evaluationsPerRank},
          {"messages", messages},
          {"bytes_sent", bytesSent},
          {"bytes_received", bytesReceived},
          {"coordinator_message_seconds", messageSeconds}};
}

llvm::Error serveEvaluations(Session &session, const evo::Problem &problem,
                             EvaluatorOptions options) {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<uint64_t, evo::BatchItem>> inbox;
  std::vector<std::string> outbox;
  bool stopping = false;

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::max(options.threads, 1u); ++t)
    pool.emplace_back([&, t] {
      while (true) {
        std::pair<uint64_t, evo::BatchItem> work;
        {
          std::unique_lock<std::mutex> lock(mutex);
          wake.wait(lock, [&] { return stopping || !inbox.empty(); });
          if (inbox.empty())
            return;
          work = std::move(inbox.front());
          inbox.pop_front();
        }
        std::string result = encodeResult(
            work.first, problem.evaluatePrepared(work.second.genome,
                                                 work.second.prepared, t));
        std::lock_guard<std::mutex> lock(mutex);
        outbox.push_back(std::move(result));
      }
    });

  llvm::Error error = llvm::Error::success();
  auto interval = kFirstPoll;
  while (true) {
    std::vector<std::string> ready;
    {
      std::lock_guard<std::mutex> lock(mutex);
      ready.swap(outbox);
    }
    for (const std::string &bytes : ready)
      send(bytes, 0, kResult);
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
    if (!flag) {
      if (ready.empty())
        idlePoll(interval);
      else
        interval = kFirstPoll;
      continue;
    }
    interval = kFirstPoll;
    std::string bytes = receive(status);
    if (status.MPI_TAG == kStop)
      break;
    std::pair<uint64_t, evo::BatchItem> work;
    if (status.MPI_TAG != kWork ||
        !decodeItem(bytes, work.first, work.second)) {
      error = cim::makeError(
          llvm::formatv("MPI rank {0}: malformed message from rank 0 (tag "
                        "{1})",
                        session.rank(), status.MPI_TAG));
      break;
    }
    std::lock_guard<std::mutex> lock(mutex);
    inbox.push_back(std::move(work));
    wake.notify_one();
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &thread : pool)
    thread.join();
  return error;
}

} // namespace cim::mpi
