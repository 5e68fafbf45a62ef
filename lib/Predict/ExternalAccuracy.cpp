//===- ExternalAccuracy.cpp - Accuracy from the user's own evaluator ------===//

#include "cim/Predict/ExternalAccuracy.h"

#include "cim/Evolution/RunFiles.h"
#include "cim/Supernet/GenomeText.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/StringSaver.h"

#include <chrono>
#include <cmath>
#include <set>

using namespace cim;

static llvm::Error evaluatorError(const llvm::Twine &message) {
  return cim::makeError("--accuracy-evaluator: " + message);
}

/// A CSV cell holding `text` (quoted: genome text has commas).
static std::string csvQuoted(llvm::StringRef text) {
  std::string cell = "\"";
  for (char c : text) {
    if (c == '"')
      cell += '"';
    cell += c;
  }
  return cell + "\"";
}

/// The last `count` lines of the file at `path`, for an error message.
static std::string tailOf(llvm::StringRef path, size_t count) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return "";
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().rtrim().split(lines, '\n');
  if (lines.empty() || (lines.size() == 1 && lines[0].empty()))
    return "";
  size_t first = lines.size() > count ? lines.size() - count : 0;
  std::string text;
  for (size_t i = first; i < lines.size(); ++i)
    text += "\n  | " + lines[i].str();
  return "; its output ends:" + text;
}

llvm::Expected<std::unique_ptr<ExternalAccuracy>>
ExternalAccuracy::create(const SearchSpace &space,
                         ExternalEvaluatorOptions options, bool loadCache) {
  if (llvm::StringRef(options.command).trim().empty())
    return evaluatorError("empty command");
  std::unique_ptr<ExternalAccuracy> oracle(
      new ExternalAccuracy(space, std::move(options)));
  const std::string &path = oracle->options.cachePath;
  if (!loadCache || !llvm::sys::fs::exists(path))
    return oracle;
  llvm::Expected<CsvTable> table = readCsv(path);
  if (!table)
    return table.takeError();
  const int genomeColumn = table->column("genome");
  const int valueColumn = table->column("top1");
  const int generationColumn = table->column("generation");
  if (genomeColumn < 0 || valueColumn < 0 || generationColumn < 0)
    return evaluatorError(path +
                          ": expected the columns genome, top1 and generation");
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const std::vector<std::string> &row = table->rows[r];
    const std::string where =
        llvm::formatv("{0}:{1}", path, table->lines[r]).str();
    llvm::Expected<std::vector<int>> genome =
        parseGenome(space, row[genomeColumn]);
    if (!genome)
      return evaluatorError(where + ": " + llvm::toString(genome.takeError()));
    std::optional<double> value = parseNumber(row[valueColumn]);
    if (!value)
      return evaluatorError(where + ": top1: expected a number, found '" +
                            row[valueColumn] + "'");
    int generation = 0;
    if (llvm::StringRef(row[generationColumn]).getAsInteger(10, generation) ||
        generation < -1)
      return evaluatorError(where +
                            ": generation: expected an integer >= -1, found '" +
                            row[generationColumn] + "'");
    oracle->cache[space.canonicalize(*genome)] = {*value, generation};
  }
  oracle->loadedFromCache = oracle->cache.size();
  return oracle;
}

size_t ExternalAccuracy::cachedCount() const {
  std::lock_guard<std::mutex> lock(mutex);
  return cache.size();
}

llvm::Expected<AccuracyEstimate>
ExternalAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  return estimateAsBatch(genome);
}

std::optional<ExternalAccuracy::CachedValue>
ExternalAccuracy::lookup(llvm::ArrayRef<int> canonical) const {
  std::lock_guard<std::mutex> lock(mutex);
  auto found = cache.find(std::vector<int>(canonical.begin(), canonical.end()));
  if (found == cache.end())
    return std::nullopt;
  return found->second;
}

std::vector<std::pair<std::vector<int>, double>>
ExternalAccuracy::evaluatedBefore(int generation) const {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::pair<std::vector<int>, double>> rows;
  for (const auto &[genome, value] : cache)
    if (value.generation < generation)
      rows.emplace_back(genome, value.top1);
  return rows;
}

llvm::Expected<std::vector<AccuracyEstimate>>
ExternalAccuracy::estimateBatch(llvm::ArrayRef<std::vector<int>> genomes,
                                int generation) const {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::vector<int>> canonical, missing;
  std::set<std::vector<int>> asked;
  for (const std::vector<int> &genome : genomes) {
    canonical.push_back(space.canonicalize(genome));
    if (!cache.count(canonical.back()) && asked.insert(canonical.back()).second)
      missing.push_back(canonical.back());
  }
  if (!missing.empty()) {
    const auto start = std::chrono::steady_clock::now();
    llvm::Expected<std::vector<double>> values = runCommand(missing);
    callSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (!values)
      return values.takeError();
    for (size_t i = 0; i < missing.size(); ++i)
      cache[missing[i]] = {(*values)[i], generation};
    evaluatedThisSession += static_cast<int64_t>(missing.size());
    if (llvm::Error error = writeCache())
      return std::move(error);
  }
  std::vector<AccuracyEstimate> estimates;
  for (const std::vector<int> &genome : canonical)
    estimates.push_back({cache.at(genome).top1, AccuracySource::Evaluated});
  return estimates;
}

llvm::Error ExternalAccuracy::writeCache() const {
  // Sorted by genome (std::map order): the file does not depend on the
  // order in which batches arrived.
  std::string text = "genome,top1,generation\n";
  for (const auto &[genome, value] : cache)
    text += csvQuoted(formatGenome(space, genome)) + "," +
            evo::formatDouble(value.top1) + "," +
            std::to_string(value.generation) + "\n";
  return cim::writeFileAtomically(options.cachePath, text);
}

llvm::Expected<std::vector<double>>
ExternalAccuracy::runCommand(llvm::ArrayRef<std::vector<int>> genomes) const {
  ++calls;
  const std::string &dir = options.workDirectory;
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return evaluatorError("cannot create " + dir + ": " + ec.message());
  auto file = [&](llvm::StringRef name) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    return std::string(path);
  };
  const std::string batchPath = file("batch.csv"),
                    resultPath = file("result.csv"), logPath = file("log.txt");
  std::string batch = options.writeWorkloadIR ? "candidate,genome,workload_ir\n"
                                              : "candidate,genome\n";
  for (size_t i = 0; i < genomes.size(); ++i) {
    batch +=
        std::to_string(i) + "," + csvQuoted(formatGenome(space, genomes[i]));
    if (options.writeWorkloadIR) {
      const std::string irPath =
          file(llvm::formatv("candidate_{0}.mlir", i).str());
      if (llvm::Error error = options.writeWorkloadIR(genomes[i], irPath))
        return std::move(error);
      batch += "," + csvQuoted(irPath);
    }
    batch += "\n";
  }
  if (llvm::Error error = cim::writeFileAtomically(batchPath, batch))
    return std::move(error);
  llvm::sys::fs::remove(resultPath);

  llvm::BumpPtrAllocator allocator;
  llvm::StringSaver saver(allocator);
  llvm::SmallVector<const char *> tokens;
  llvm::cl::TokenizeGNUCommandLine(options.command, saver, tokens);
  if (tokens.empty())
    return evaluatorError("empty command");
  std::string program = tokens[0];
  if (program.find('/') == std::string::npos) {
    llvm::ErrorOr<std::string> found = llvm::sys::findProgramByName(program);
    if (!found)
      return evaluatorError("'" + program + "' not found on PATH");
    program = *found;
  }
  std::vector<llvm::StringRef> args(tokens.begin(), tokens.end());
  args.push_back(batchPath);
  args.push_back(resultPath);
  std::optional<llvm::StringRef> redirects[] = {
      llvm::StringRef(""), llvm::StringRef(logPath), llvm::StringRef(logPath)};
  std::string message;
  bool failedToStart = false;
  const int status = llvm::sys::ExecuteAndWait(
      program, args, std::nullopt, redirects, options.timeoutSeconds, 0,
      &message, &failedToStart);
  const std::string what =
      llvm::formatv("'{0}' on {1} candidate(s) ({2})", options.command,
                    genomes.size(), batchPath)
          .str();
  if (failedToStart)
    return evaluatorError("cannot run " + what + ": " + message);
  if (status == -2 && message.find("timed out") != std::string::npos)
    return evaluatorError(llvm::formatv("{0} timed out after {1} s "
                                        "(--accuracy-evaluator-timeout)",
                                        what, options.timeoutSeconds)
                              .str());
  if (status != 0)
    return evaluatorError(
        what +
        (status < 0 ? " crashed: " + message
                    : " exited with status " + std::to_string(status)) +
        tailOf(logPath, 5));

  llvm::Expected<CsvTable> table = readCsv(resultPath);
  if (!table)
    return evaluatorError(what + " wrote no readable result: " +
                          llvm::toString(table.takeError()));
  const int candidateColumn = table->column("candidate");
  const int valueColumn = table->column("top1");
  if (candidateColumn < 0 || valueColumn < 0)
    return evaluatorError(resultPath +
                          ": expected a header with the columns candidate and "
                          "top1, found '" +
                          llvm::join(table->header, ",") + "'");
  std::vector<std::optional<double>> values(genomes.size());
  for (size_t r = 0; r < table->rows.size(); ++r) {
    const std::vector<std::string> &row = table->rows[r];
    const std::string where =
        llvm::formatv("{0}:{1}", resultPath, table->lines[r]).str();
    unsigned long long index = 0;
    if (llvm::getAsUnsignedInteger(llvm::StringRef(row[candidateColumn]).trim(),
                                   10, index) ||
        index >= genomes.size())
      return evaluatorError(llvm::formatv("{0}: candidate: expected an index "
                                          "0..{1} of the batch, found '{2}'",
                                          where, genomes.size() - 1,
                                          row[candidateColumn])
                                .str());
    if (values[index])
      return evaluatorError(
          llvm::formatv("{0}: candidate {1} appears twice", where, index)
              .str());
    std::optional<double> value =
        parseNumber(llvm::StringRef(row[valueColumn]).trim());
    if (!value || !std::isfinite(*value) || *value < 0 || *value > 100)
      return evaluatorError(
          llvm::formatv("{0}: top1 of candidate {1}: expected a number in "
                        "[0, 100] (percent), found '{2}'",
                        where, index, row[valueColumn])
              .str());
    values[index] = *value;
  }
  std::vector<double> result;
  for (size_t i = 0; i < genomes.size(); ++i) {
    if (!values[i])
      return evaluatorError(
          llvm::formatv("{0}: no row for candidate {1} ({2}); expected one "
                        "row per candidate of {3}",
                        resultPath, i, formatGenome(space, genomes[i]),
                        batchPath)
              .str());
    result.push_back(*values[i]);
  }
  return result;
}

nlohmann::json ExternalAccuracy::describe() const {
  std::lock_guard<std::mutex> lock(mutex);
  return {{"external_evaluator", options.command},
          {"timeout_seconds", options.timeoutSeconds},
          {"cache", options.cachePath},
          {"cached_networks", cache.size()},
          {"loaded_from_cache", loadedFromCache},
          {"calls_this_session", calls},
          {"evaluated_this_session", evaluatedThisSession},
          {"call_seconds_this_session", callSeconds}};
}
