//===- RunArguments.cpp - Command lines that a run keeps and resumes ------===//

#include "cim/CoDesign/RunArguments.h"

#include "cim/Hardware/HardwareJson.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

namespace cim::codesign {

static llvm::Error argumentError(const llvm::Twine &message) {
  return cim::makeError(message.str());
}

/// The name of a flag: `--name=value` -> name.
static llvm::StringRef flagName(llvm::StringRef arg) {
  return arg.ltrim('-').split('=').first;
}

std::vector<std::string> storableArguments(llvm::ArrayRef<std::string> argv) {
  std::vector<std::string> kept;
  for (size_t i = 1; i < argv.size(); ++i) {
    llvm::StringRef arg = argv[i];
    llvm::StringRef name = flagName(arg);
    if (name == "resume" || name == "threads") {
      if (!arg.contains('='))
        ++i; // its value
      continue;
    }
    kept.push_back(arg.str());
  }
  return kept;
}

/// --generations or --num_evals (either spelling).
static bool isBudget(llvm::StringRef arg) {
  llvm::StringRef name = flagName(arg);
  return arg.starts_with("-") &&
         (name == "generations" || name == "num_evals" || name == "num-evals");
}

/// DIR/summary.json's object, checked to hold settings.
static llvm::Expected<nlohmann::json> readSummary(llvm::StringRef dir) {
  std::string summaryPath = dir.str() + "/summary.json";
  llvm::Expected<std::string> text = readTextFile(summaryPath);
  if (!text)
    return text.takeError();
  llvm::Expected<nlohmann::json> summary = parseJsonText(*text, summaryPath);
  if (!summary)
    return summary.takeError();
  auto settings = summary->find("settings");
  if (settings == summary->end() || !settings->is_object())
    return argumentError(summaryPath + ": expected an object 'settings'");
  return summary;
}

llvm::Expected<StoredRun> readStoredRun(llvm::StringRef dir) {
  llvm::Expected<nlohmann::json> summary = readSummary(dir);
  if (!summary)
    return summary.takeError();
  const std::string summaryPath = dir.str() + "/summary.json";
  StoredRun run;
  auto status = summary->find("status");
  if (status == summary->end() || !status->is_string())
    return argumentError(summaryPath + ": expected a string 'status'");
  run.status = status->get<std::string>();
  if (run.status != "starting" && run.status != "running" &&
      run.status != "complete")
    return argumentError(summaryPath +
                         ": 'status': expected starting, "
                         "running or complete, found '" +
                         run.status + "'");
  const nlohmann::json &settings = (*summary)["settings"];
  auto generations = settings.find("generations");
  if (generations == settings.end() || !generations->is_number_integer() ||
      generations->get<int64_t>() < 1 ||
      generations->get<int64_t>() > std::numeric_limits<int>::max())
    return argumentError(summaryPath + ": expected a positive integer "
                                       "'settings.generations'");
  run.generations = generations->get<int>();
  auto objectives = summary->find("objectives");
  if (objectives != summary->end() && objectives->is_array()) {
    std::vector<std::string> names;
    for (const nlohmann::json &objective : *objectives) {
      auto name =
          objective.is_object() ? objective.find("name") : objective.end();
      if (!objective.is_object() || name == objective.end() ||
          !name->is_string())
        return argumentError(summaryPath + ": 'objectives' holds " +
                             describeJson(objective) +
                             ", expected objects with a string 'name'");
      names.push_back(name->get<std::string>());
    }
    run.objectives = llvm::join(names, ",");
  }
  return run;
}

llvm::Error checkResumeGenerations(const StoredRun &run, llvm::StringRef dir,
                                   int generations) {
  if (generations >= run.generations)
    return llvm::Error::success();
  return argumentError(
      llvm::formatv("--resume {0}: the run was asked for {1} generations; "
                    "{2} would shorten it (a resume only continues or "
                    "extends a run: give --generations {1} or more, or none)",
                    dir, run.generations, generations)
          .str());
}

llvm::Expected<std::vector<std::string>>
expandResume(llvm::ArrayRef<std::string> argv) {
  std::string dir;
  for (size_t i = 1; i < argv.size(); ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--resume" || arg == "-resume") {
      if (i + 1 >= argv.size())
        return argumentError("--resume needs a directory");
      dir = argv[i + 1];
    } else if (arg.starts_with("--resume=") || arg.starts_with("-resume=")) {
      dir = arg.split('=').second.str();
    }
  }
  if (dir.empty())
    return std::vector<std::string>(argv.begin(), argv.end());

  const std::string summaryPath = dir + "/summary.json";
  llvm::Expected<nlohmann::json> summary = readSummary(dir);
  if (!summary)
    return summary.takeError();
  auto settings = summary->find("settings");
  auto stored = settings->find("arguments");
  if (stored == settings->end() || !stored->is_array())
    return argumentError(summaryPath +
                         ": expected an array 'settings.arguments'");

  std::vector<std::string> args = {argv[0]};
  const bool newBudget = llvm::any_of(
      argv.drop_front(), [](const std::string &arg) { return isBudget(arg); });
  for (size_t i = 0; i < stored->size(); ++i) {
    const nlohmann::json &arg = (*stored)[i];
    if (!arg.is_string())
      return argumentError(summaryPath + ": 'settings.arguments' holds " +
                           describeJson(arg) + ", expected strings");
    std::string value = arg.get<std::string>();
    if (newBudget && isBudget(value)) {
      if (value.find('=') == std::string::npos)
        ++i; // its value
      continue;
    }
    args.push_back(std::move(value));
  }
  args.insert(args.end(), argv.begin() + 1, argv.end());
  args.push_back("--out=" + dir);
  return args;
}

llvm::Expected<unsigned> takeThreadsOption(std::vector<std::string> &argv) {
  unsigned threads = 1;
  std::vector<std::string> kept;
  for (size_t i = 0; i < argv.size(); ++i) {
    llvm::StringRef arg = argv[i];
    llvm::StringRef name = arg.ltrim('-');
    if (i == 0 || !arg.starts_with("-") ||
        (name != "threads" && !name.starts_with("threads="))) {
      kept.push_back(argv[i]);
      continue;
    }
    std::string value;
    if (name.contains('='))
      value = name.split('=').second.str();
    else if (i + 1 < argv.size())
      value = argv[++i];
    else
      return argumentError(
          "--threads: expected a positive integer, found nothing");
    if (llvm::StringRef(value).getAsInteger(10, threads) || threads < 1 ||
        threads > 256)
      return argumentError(
          "--threads: expected an integer from 1 to 256, found '" + value +
          "'");
  }
  argv = std::move(kept);
  return threads;
}

} // namespace cim::codesign
