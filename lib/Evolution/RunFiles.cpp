//===- RunFiles.cpp - A search run's output directory ---------------------===//

#include "cim/Evolution/RunFiles.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cim::evo {

static llvm::Error fileError(llvm::StringRef path, llvm::StringRef what) {
  return cim::makeError(
      llvm::formatv("{0}: {1}: {2}", path, what, std::strerror(errno)));
}

std::vector<std::string> csvHeader(const Problem &problem) {
  std::vector<std::string> header = {"eval_idx", "generation"};
  for (const Gene &gene : problem.genes())
    header.push_back(gene.name);
  for (const std::string &column : problem.columns())
    header.push_back(column);
  header.push_back("on_front");
  return header;
}

static std::string joinLine(llvm::ArrayRef<std::string> fields) {
  return llvm::join(fields, ",") + "\n";
}

std::string csvRow(const Problem &problem, const Record &record, bool onFront) {
  std::vector<std::string> fields = {std::to_string(record.index),
                                     std::to_string(record.generation)};
  const std::vector<Gene> &genes = problem.genes();
  for (size_t g = 0; g < genes.size(); ++g)
    fields.push_back(formatGeneCell(genes[g], record.genome[g]).str());
  fields.insert(fields.end(), record.evaluation.fields.begin(),
                record.evaluation.fields.end());
  fields.push_back(onFront ? "1" : "0");
  return joinLine(fields);
}

llvm::Expected<std::vector<Record>> readEvaluations(llvm::StringRef path,
                                                    const Problem &problem) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   llvm::formatv("{0}: cannot read: {1}", path,
                                                 buffer.getError().message()));
  llvm::StringRef text = (*buffer)->getBuffer();
  // A line without its newline was cut by an interrupt: drop it.
  size_t end = text.rfind('\n');
  text = end == llvm::StringRef::npos ? llvm::StringRef()
                                      : text.take_front(end + 1);
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n', -1, /*KeepEmpty=*/false);

  auto error = [&](size_t line, const llvm::Twine &message) {
    return cim::makeError(
        llvm::formatv("{0}:{1}: {2}", path, line, message.str()));
  };
  std::vector<std::string> header = csvHeader(problem);
  if (lines.empty())
    return error(1, "missing header line");
  if (lines[0] != llvm::join(header, ","))
    return error(1, "the header does not match this search's columns "
                    "(expected '" +
                        llvm::join(header, ",") + "')");

  const std::vector<Gene> &genes = problem.genes();
  const std::vector<int> objectiveColumns = problem.objectiveColumns();
  const size_t fieldCount = problem.columns().size();
  std::vector<Record> records;
  for (size_t l = 1; l < lines.size(); ++l) {
    llvm::SmallVector<llvm::StringRef> cells;
    lines[l].split(cells, ',');
    if (cells.size() != header.size())
      return error(l + 1, llvm::formatv("expected {0} columns, found {1}",
                                        header.size(), cells.size()));
    Record record;
    if (cells[0].getAsInteger(10, record.index) ||
        record.index != static_cast<int64_t>(records.size()))
      return error(l + 1, llvm::formatv("column eval_idx: expected {0}, "
                                        "found '{1}'",
                                        records.size(), cells[0]));
    if (cells[1].getAsInteger(10, record.generation) || record.generation < 0)
      return error(l + 1, "column generation: expected a generation number, "
                          "found '" +
                              cells[1] + "'");
    for (size_t g = 0; g < genes.size(); ++g) {
      llvm::StringRef cell = cells[2 + g];
      std::optional<int> value = parseGeneCell(genes[g], cell);
      if (!value)
        return error(l + 1, "column " + genes[g].name + ": '" + cell +
                                "' is not one of its values");
      record.genome.push_back(*value);
    }
    for (size_t f = 0; f < fieldCount; ++f)
      record.evaluation.fields.push_back(cells[2 + genes.size() + f].str());
    for (int column : objectiveColumns) {
      double value;
      if (!parseDouble(record.evaluation.fields[column], value))
        return error(l + 1, "column " + problem.columns()[column] +
                                ": expected a number, found '" +
                                record.evaluation.fields[column] + "'");
      record.evaluation.objectives.push_back(value);
    }
    record.evaluation.trusted = problem.isTrusted(record.evaluation.fields);
    records.push_back(std::move(record));
  }
  return records;
}

llvm::Error verifyRecords(const Problem &problem,
                          llvm::ArrayRef<Record> records,
                          BatchEvaluator &evaluator) {
  for (size_t first = 0; first < records.size();) {
    const int generation = records[first].generation;
    size_t end = first;
    std::vector<Genome> genomes;
    while (end < records.size() && records[end].generation == generation)
      genomes.push_back(records[end++].genome);
    llvm::Expected<std::vector<Evaluation>> computed =
        prepareAndEvaluate(problem, evaluator, std::move(genomes), generation);
    if (!computed)
      return computed.takeError();
    for (size_t i = 0; i < computed->size(); ++i) {
      const Record &stored = records[first + i];
      const std::vector<std::string> &now = (*computed)[i].fields;
      for (size_t f = 0; f < now.size(); ++f)
        if (stored.evaluation.fields[f] != now[f])
          return cim::makeError(llvm::formatv(
              "resume: evaluation {0} (generation {1}) in evaluations.csv "
              "does not match its candidate: column {2} is '{3}', evaluating "
              "it gives '{4}'; the file was edited, or written by another "
              "version or with other data",
              stored.index, stored.generation, problem.columns()[f],
              stored.evaluation.fields[f], now[f]));
    }
    first = end;
  }
  return llvm::Error::success();
}

llvm::ArrayRef<llvm::StringRef> runFileNames() {
  static const llvm::StringRef names[] = {"summary.json", "evaluations.csv",
                                          "front.csv", "evaluated_accuracy.csv",
                                          "accuracy_evaluator"};
  return names;
}

llvm::Error prepareNewRunDirectory(llvm::StringRef directory, bool force) {
  std::error_code ec;
  llvm::sys::fs::directory_iterator entry(directory, ec);
  if (ec == std::errc::no_such_file_or_directory)
    return llvm::Error::success();
  if (ec)
    return cim::makeError(
        llvm::formatv("--out {0}: cannot read: {1}", directory, ec.message()));
  if (entry == llvm::sys::fs::directory_iterator())
    return llvm::Error::success();
  if (!force)
    return cim::makeError(llvm::formatv(
        "--out {0} is not empty (it holds {1}); a new run would overwrite "
        "it: continue the run in it with --resume {0}, replace it with "
        "--force, or give a new directory",
        directory, llvm::sys::path::filename(entry->path())));
  for (llvm::StringRef name : runFileNames()) {
    llvm::SmallString<256> path(directory);
    llvm::sys::path::append(path, name);
    if (std::error_code removed = llvm::sys::fs::remove_directories(path))
      return cim::makeError(llvm::formatv("--force: cannot remove {0}: {1}",
                                          path, removed.message()));
    if (std::error_code removed = llvm::sys::fs::remove(path))
      return cim::makeError(llvm::formatv("--force: cannot remove {0}: {1}",
                                          path, removed.message()));
  }
  return llvm::Error::success();
}

/// An objective as summary.json lists it.
static nlohmann::json objectiveJson(const Objective &objective) {
  return {
      {"name", objective.name},
      {"sense", objective.sense == Sense::Maximize ? "maximize" : "minimize"}};
}

RunWriter::RunWriter(std::string directory, const Problem &problem,
                     nlohmann::json settings, int64_t rowsOnDisk)
    : dir(std::move(directory)), prob(problem),
      settingsJson(std::move(settings)), rowsWritten(rowsOnDisk),
      start(std::chrono::steady_clock::now()) {
  processStart = start;
}

std::string RunWriter::path(llvm::StringRef name) const {
  return (dir + "/" + name).str();
}

llvm::Expected<std::unique_ptr<RunWriter>>
RunWriter::create(llvm::StringRef directory, const Problem &problem,
                  nlohmann::json settings, std::vector<Record> existing) {
  if (std::error_code ec = llvm::sys::fs::create_directories(directory))
    return llvm::createStringError(
        ec, llvm::formatv("{0}: cannot create the output directory: {1}",
                          directory, ec.message()));
  std::unique_ptr<RunWriter> writer(
      new RunWriter(directory.str(), problem, std::move(settings),
                    static_cast<int64_t>(existing.size())));
  // The objectives too: a resume must not rank the stored rows by others.
  nlohmann::json objectives = nlohmann::json::array();
  for (const Objective &objective : problem.objectives())
    objectives.push_back(objectiveJson(objective));
  nlohmann::json starting = {{"tool", "cim-opt-search"},
                             {"status", "starting"},
                             {"settings", writer->settingsJson},
                             {"objectives", objectives}};
  if (llvm::Error error = writeFileAtomically(writer->path("summary.json"),
                                              starting.dump(2) + "\n"))
    return std::move(error);
  std::string contents = joinLine(csvHeader(problem));
  for (const Record &record : existing)
    contents += csvRow(problem, record, false);
  if (llvm::Error error =
          writeFileAtomically(writer->path("evaluations.csv"), contents))
    return std::move(error);
  return writer;
}

nlohmann::json RunWriter::summary(const Search &search,
                                  llvm::StringRef status) const {
  const SearchSettings &settings = search.settings();
  double box = 1.0;
  bool normalizable = idealPoint.size() == settings.referencePoint.size();
  for (size_t m = 0; normalizable && m < idealPoint.size(); ++m)
    box *= std::fabs(settings.referencePoint[m] - idealPoint[m]);
  normalizable = normalizable && box > 0.0;

  nlohmann::json generations = nlohmann::json::array();
  for (const GenerationStats &s : search.history()) {
    nlohmann::json entry = {{"generation", s.generation},
                            {"evaluations", s.evaluations},
                            {"total_evaluations", s.totalEvaluations},
                            {"duplicates_rejected", s.duplicatesRejected},
                            {"hypervolume", s.hypervolume},
                            {"trusted_hypervolume", s.trustedHypervolume},
                            {"evaluation_seconds", s.evaluationSeconds}};
    if (normalizable) {
      entry["hypervolume_normalized"] = s.hypervolume / box;
      entry["trusted_hypervolume_normalized"] = s.trustedHypervolume / box;
    }
    generations.push_back(entry);
  }
  const auto now = std::chrono::steady_clock::now();
  const double wall = std::chrono::duration<double>(now - processStart).count();
  const double loop = std::chrono::duration<double>(now - start).count();
  const int64_t total = static_cast<int64_t>(search.records().size());
  const int64_t computed = total - search.replayedCount();
  nlohmann::json objectives = nlohmann::json::array();
  for (size_t m = 0; m < search.problem().objectives().size(); ++m) {
    objectives.push_back(objectiveJson(search.problem().objectives()[m]));
    objectives.back()["reference"] = settings.referencePoint[m];
    if (normalizable)
      objectives.back()["ideal"] = idealPoint[m];
  }
  nlohmann::json result = {
      {"tool", "cim-opt-search"},
      {"status", status.str()},
      {"settings", settingsJson},
      {"algorithm", stringifyAlgorithm(settings.algorithm).str()},
      {"seed", settings.seed},
      {"population", settings.population},
      {"generations_requested", settings.generations},
      {"generations_run", search.history().size()},
      {"objectives", objectives},
      {"hypervolume_reference_point", settings.referencePoint},
      {"evaluations", total},
      {"evaluations_replayed", search.replayedCount()},
      {"wall_seconds", wall},
      {"startup_seconds", wall - loop},
      {"search_seconds", loop},
      {"evaluations_per_second", loop > 0.0 ? computed / loop : 0.0},
      {"generations", generations}};
  if (!search.stopReason().empty())
    result["stop_reason"] = search.stopReason();
  if (extraSummary)
    result["details"] = extraSummary();
  return result;
}

llvm::Error RunWriter::generationDone(const Search &search,
                                      const GenerationStats &stats,
                                      llvm::ArrayRef<Record> records) {
  std::string rows;
  for (const Record &record : records)
    if (record.index >= rowsWritten)
      rows += csvRow(prob, record, false);
  if (!rows.empty()) {
    std::string file = path("evaluations.csv");
    int fd = ::open(file.c_str(), O_WRONLY | O_APPEND);
    if (fd < 0)
      return fileError(file, "cannot open for appending");
    llvm::Error error = writeAllAndSync(fd, file, rows);
    ::close(fd);
    if (error)
      return error;
  }
  if (!records.empty())
    rowsWritten = std::max(rowsWritten, records.back().index + 1);
  if (llvm::Error error = writeFileAtomically(
          path("summary.json"), summary(search, "running").dump(2) + "\n"))
    return error;
  if (progress)
    progress(search, stats);
  return llvm::Error::success();
}

llvm::Error RunWriter::finish(const Search &search) {
  std::vector<int> front = search.paretoFront();
  std::vector<bool> onFront(search.records().size(), false);
  for (int i : front)
    onFront[i] = true;
  std::string header = joinLine(csvHeader(prob));
  std::string all = header, frontRows = header;
  for (const Record &record : search.records()) {
    std::string row = csvRow(prob, record, onFront[record.index]);
    all += row;
    if (onFront[record.index])
      frontRows += row;
  }
  if (llvm::Error error = writeFileAtomically(path("evaluations.csv"), all))
    return error;
  if (llvm::Error error = writeFileAtomically(path("front.csv"), frontRows))
    return error;
  nlohmann::json result = summary(search, "complete");
  result["front_size"] = front.size();
  return writeFileAtomically(path("summary.json"), result.dump(2) + "\n");
}

} // namespace cim::evo
