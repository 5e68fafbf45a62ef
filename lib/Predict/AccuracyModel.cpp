//===- AccuracyModel.cpp - Ridge accuracy model with provenance -----------===//

#include "cim/Predict/AccuracyModel.h"
#include "cim/Predict/AccuracyTable.h"
#include "cim/Support/Error.h"
#include "cim/Support/FileChecks.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace cim;
using json = nlohmann::json;

static constexpr const char *kFormat = "cim-accuracy-ridge/1";

static llvm::Error modelError(const llvm::Twine &message) {
  return cim::makeError(message.str().c_str());
}

std::string cim::accuracyFamily(const SearchSpace &space) {
  return space.name() == "ofa_mbv3_r" ? "ofa_mbv3" : space.name().str();
}

llvm::StringRef cim::defaultAccuracyModelFile(const SearchSpace &space) {
  if (accuracyFamily(space) == "ofa_mbv3")
    return "configs/accuracy/ofa_mbv3_w10_ridge.json";
  return "";
}

llvm::StringRef cim::defaultAccuracyTableFile(const SearchSpace &space) {
  if (accuracyFamily(space) == "ofa_mbv3")
    return "data/ofa_mbv3_w10_imagenet.csv";
  return "";
}

static std::vector<GeneGroup> featureLayout(const SearchSpace &space) {
  std::vector<GeneGroup> layout;
  for (const GeneGroup &group : space.geneGroups())
    if (group.name != "r")
      layout.push_back(group);
  return layout;
}

llvm::Error AccuracyModel::checkCompatible(const SearchSpace &space) const {
  if (accuracyFamily(space) != this->space)
    return modelError("accuracy model is for space '" + this->space +
                      "', not '" + space.name() + "'");
  std::vector<GeneGroup> expected = featureLayout(space);
  bool same = expected.size() == layout.size();
  for (size_t i = 0; same && i < layout.size(); ++i)
    same = expected[i].name == layout[i].name &&
           expected[i].count == layout[i].count &&
           expected[i].values == layout[i].values;
  if (!same)
    return modelError("accuracy model feature layout does not match the "
                      "genes of space '" +
                      space.name() + "'");
  if (static_cast<int>(ridge.coefficients.size()) != space.oneHotSize("r"))
    return modelError("accuracy model has " +
                      llvm::Twine(ridge.coefficients.size()) +
                      " coefficients, space '" + space.name() + "' needs " +
                      llvm::Twine(space.oneHotSize("r")));
  return llvm::Error::success();
}

double AccuracyModel::predict(const SearchSpace &space,
                              llvm::ArrayRef<int> genome) const {
  std::vector<int> canonical = space.canonicalize(genome);
  llvm::SmallVector<double, 256> features(space.oneHotSize("r"));
  space.oneHot(canonical, features, "r");
  return ridge.predict(features);
}

json AccuracyModel::toJson() const {
  json genes = json::array();
  for (const GeneGroup &group : layout)
    genes.push_back({{"name", group.name},
                     {"count", group.count},
                     {"values", group.values}});
  return json{
      {"format", kFormat},
      {"space", space},
      {"target", target},
      {"model", "ridge"},
      {"features",
       {{"encoding", "onehot_generic over canonical genomes: one column per "
                     "(gene, value) in genome order, inactive genes all-zero"},
        {"size", ridge.coefficients.size()},
        {"genes", genes}}},
      {"resolutions", resolutions},
      {"alpha", ridge.alpha},
      {"intercept", ridge.intercept},
      {"coefficients", ridge.coefficients},
      {"training_data",
       {{"file", training.file},
        {"rows", training.rows},
        {"bytes", training.bytes},
        {"sha256", training.sha256}}},
      {"cross_validation",
       {{"folds", cvFolds},
        {"seed", cvSeed},
        {"rows", cv.count},
        {"mae", cv.mae},
        {"rmse", cv.rmse},
        {"mape_percent", cv.mape},
        {"kendall_tau", cv.kendallTau},
        {"spearman", cv.spearman}}}};
}

namespace {
/// Typed field access that never throws; errors carry the JSON path.
class Reader {
public:
  Reader(llvm::StringRef where) : where(where.str()) {}
  llvm::Error fail(const std::string &path, const std::string &what) {
    return modelError(where + ": " + path + ": " + what);
  }
  /// The member `key`, or nullptr with `problem` set.
  const json *field(const json &object, const std::string &path,
                    const char *key, std::string &problem) {
    if (!object.is_object()) {
      problem = where + ": " + path + ": expected an object";
      return nullptr;
    }
    auto it = object.find(key);
    if (it == object.end()) {
      problem = where + ": " + path + "." + key + ": missing";
      return nullptr;
    }
    return &*it;
  }
  std::string where;
};
} // namespace

llvm::Expected<AccuracyModel> AccuracyModel::fromJson(const json &value,
                                                      llvm::StringRef where) {
  Reader r(where);
  AccuracyModel model;
  auto getString = [&](const json &obj, const std::string &path,
                       const char *key, std::string &out) -> llvm::Error {
    std::string problem;
    const json *v = r.field(obj, path, key, problem);
    if (!v)
      return modelError(problem);
    if (!v->is_string())
      return r.fail(path + "." + key,
                    "expected a string, found " + std::string(v->type_name()));
    out = v->get<std::string>();
    return llvm::Error::success();
  };
  auto getNumber = [&](const json &obj, const std::string &path,
                       const char *key, double &out) -> llvm::Error {
    std::string problem;
    const json *v = r.field(obj, path, key, problem);
    if (!v)
      return modelError(problem);
    if (!v->is_number())
      return r.fail(path + "." + key,
                    "expected a number, found " + std::string(v->type_name()));
    out = v->get<double>();
    return llvm::Error::success();
  };
  auto numberList = [&](const json &v, const std::string &path,
                        std::vector<double> &out) -> llvm::Error {
    if (!v.is_array())
      return r.fail(path, "expected a list of numbers");
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number())
        return r.fail(path + "[" + std::to_string(i) + "]",
                      "expected a number, found " +
                          std::string(v[i].type_name()));
      out.push_back(v[i].get<double>());
    }
    return llvm::Error::success();
  };

  std::string format;
  if (llvm::Error e = getString(value, "$", "format", format))
    return std::move(e);
  if (format != kFormat)
    return r.fail("$.format", "expected \"" + std::string(kFormat) +
                                  "\", found \"" + format + "\"");
  if (llvm::Error e = getString(value, "$", "space", model.space))
    return std::move(e);
  if (llvm::Error e = getString(value, "$", "target", model.target))
    return std::move(e);
  if (llvm::Error e = getNumber(value, "$", "alpha", model.ridge.alpha))
    return std::move(e);
  if (llvm::Error e = getNumber(value, "$", "intercept", model.ridge.intercept))
    return std::move(e);
  {
    std::string e;
    const json *coefficients = r.field(value, "$", "coefficients", e);
    if (!coefficients)
      return modelError(e);
    if (llvm::Error e2 = numberList(*coefficients, "$.coefficients",
                                    model.ridge.coefficients))
      return std::move(e2);
    const json *resolutions = r.field(value, "$", "resolutions", e);
    if (!resolutions)
      return modelError(e);
    std::vector<double> res;
    if (llvm::Error e2 = numberList(*resolutions, "$.resolutions", res))
      return std::move(e2);
    for (double v : res)
      model.resolutions.push_back(static_cast<int>(v));
    const json *features = r.field(value, "$", "features", e);
    if (!features)
      return modelError(e);
    const json *genes = r.field(*features, "$.features", "genes", e);
    if (!genes)
      return modelError(e);
    if (!genes->is_array())
      return r.fail("$.features.genes", "expected a list");
    int offset = 0;
    for (size_t i = 0; i < genes->size(); ++i) {
      std::string path = "$.features.genes[" + std::to_string(i) + "]";
      GeneGroup group;
      double count = 0;
      if (llvm::Error e2 = getString((*genes)[i], path, "name", group.name))
        return std::move(e2);
      if (llvm::Error e2 = getNumber((*genes)[i], path, "count", count))
        return std::move(e2);
      group.count = static_cast<int>(count);
      const json *values = r.field((*genes)[i], path, "values", e);
      if (!values)
        return modelError(e);
      if (llvm::Error e2 = numberList(*values, path + ".values", group.values))
        return std::move(e2);
      group.offset = offset;
      offset += group.count;
      model.layout.push_back(std::move(group));
    }
    const json *training = r.field(value, "$", "training_data", e);
    if (!training)
      return modelError(e);
    double rows = 0, bytes = 0;
    if (llvm::Error e2 = getString(*training, "$.training_data", "file",
                                   model.training.file))
      return std::move(e2);
    if (llvm::Error e2 = getNumber(*training, "$.training_data", "rows", rows))
      return std::move(e2);
    if (llvm::Error e2 =
            getNumber(*training, "$.training_data", "bytes", bytes))
      return std::move(e2);
    if (llvm::Error e2 = getString(*training, "$.training_data", "sha256",
                                   model.training.sha256))
      return std::move(e2);
    model.training.rows = static_cast<size_t>(rows);
    model.training.bytes = static_cast<uint64_t>(bytes);
    const json *cv = r.field(value, "$", "cross_validation", e);
    if (!cv)
      return modelError(e);
    double folds = 0, seed = 0, count = 0;
    const std::string p = "$.cross_validation";
    for (auto [key, out] : {std::pair<const char *, double *>{"folds", &folds},
                            {"seed", &seed},
                            {"rows", &count},
                            {"mae", &model.cv.mae},
                            {"rmse", &model.cv.rmse},
                            {"mape_percent", &model.cv.mape},
                            {"kendall_tau", &model.cv.kendallTau},
                            {"spearman", &model.cv.spearman}})
      if (llvm::Error e2 = getNumber(*cv, p, key, *out))
        return std::move(e2);
    model.cvFolds = static_cast<int>(folds);
    model.cvSeed = static_cast<uint64_t>(seed);
    model.cv.count = static_cast<size_t>(count);
  }
  size_t expected = 0;
  for (const GeneGroup &group : model.layout)
    expected += group.count * group.values.size();
  if (expected != model.ridge.coefficients.size())
    return r.fail("$.coefficients",
                  "expected " + std::to_string(expected) +
                      " coefficients (the feature layout's size), found " +
                      std::to_string(model.ridge.coefficients.size()));
  return model;
}

llvm::Expected<AccuracyModel> AccuracyModel::load(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return modelError(path + ": cannot read: " + buffer.getError().message());
  json value = json::parse((*buffer)->getBuffer().begin(),
                           (*buffer)->getBuffer().end(), nullptr, false);
  if (value.is_discarded())
    return modelError(path + ": not valid JSON");
  return fromJson(value, path);
}

llvm::Error AccuracyModel::save(llvm::StringRef path) const {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return modelError(path + ": cannot write: " + ec.message());
  os << toJson().dump(1) << "\n";
  return llvm::Error::success();
}

AccuracyModel cim::fitAccuracyModel(const SearchSpace &space,
                                    llvm::ArrayRef<std::vector<int>> genomes,
                                    llvm::ArrayRef<double> top1,
                                    const AccuracyTrainOptions &options) {
  int width = space.oneHotSize("r");
  Eigen::MatrixXd x(genomes.size(), width);
  Eigen::VectorXd y(genomes.size());
  std::set<int> resolutions;
  std::vector<double> features(width);
  for (size_t i = 0; i < genomes.size(); ++i) {
    space.oneHot(genomes[i], features, "r");
    for (int c = 0; c < width; ++c)
      x(i, c) = features[c];
    y(i) = top1[i];
    resolutions.insert(space.resolution(genomes[i]));
  }

  AccuracyModel model;
  model.space = accuracyFamily(space);
  model.target = options.column;
  model.layout = featureLayout(space);
  model.resolutions.assign(resolutions.begin(), resolutions.end());
  model.ridge = fitRidge(x, y, options.alpha);
  model.training.rows = genomes.size();
  model.cvFolds = options.folds;
  model.cvSeed = options.shuffleFolds ? options.seed : 0;
  std::vector<int> folds =
      options.shuffleFolds
          ? assignFolds(genomes.size(), options.folds, options.seed)
          : moduloFolds(genomes.size(), options.folds);
  std::vector<double> predictions =
      crossValidatedPredictions(x, y, options.alpha, folds, options.folds);
  // Metrics over the out-of-fold predictions pooled fold by fold.
  std::vector<double> truth, predicted;
  for (int fold = 0; fold < options.folds; ++fold)
    for (size_t i = 0; i < genomes.size(); ++i)
      if (folds[i] == fold) {
        truth.push_back(top1[i]);
        predicted.push_back(predictions[i]);
      }
  model.cv = computeMetrics(truth, predicted);
  return model;
}

llvm::Expected<AccuracyModel>
cim::trainAccuracyModel(const SearchSpace &space, llvm::StringRef path,
                        const AccuracyTrainOptions &options) {
  if (options.folds < 2)
    return modelError("--folds: expected at least 2, found " +
                      llvm::Twine(options.folds));
  // Special files never end: rejected by type before reading.
  if (llvm::sys::fs::exists(path))
    if (llvm::Error err =
            checkRegularFile(path, kMaxCsvFileBytes, "accuracy table"))
      return std::move(err);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return modelError(path + ": cannot read: " + buffer.getError().message());
  llvm::StringRef text = (*buffer)->getBuffer();
  auto csv = parseCsv(text, path);
  if (!csv)
    return csv.takeError();
  auto table = AccuracyTable::fromCsv(space, *csv, path, options.column);
  if (!table)
    return table.takeError();
  const GenomeRows &rows = table->data();
  if (rows.genomes.size() < static_cast<size_t>(options.folds))
    return modelError(path + ": expected at least " +
                      llvm::Twine(options.folds) + " rows, found " +
                      llvm::Twine(rows.genomes.size()));

  AccuracyModel model =
      fitAccuracyModel(space, rows.genomes, rows.values, options);
  model.training.file = llvm::sys::path::filename(path).str();
  model.training.bytes = text.size();
  auto digest = llvm::SHA256::hash(llvm::arrayRefFromStringRef(text));
  model.training.sha256 = llvm::toHex(digest, /*LowerCase=*/true);
  return model;
}

llvm::Expected<std::unique_ptr<RidgeAccuracy>>
RidgeAccuracy::load(const SearchSpace &space, llvm::StringRef path) {
  llvm::Expected<AccuracyModel> model = AccuracyModel::load(path);
  if (!model)
    return model.takeError();
  if (llvm::Error error = model->checkCompatible(space))
    return modelError(path + ": " + llvm::toString(std::move(error)));
  return std::unique_ptr<RidgeAccuracy>(
      new RidgeAccuracy(space, std::move(*model), path.str()));
}

llvm::Expected<std::unique_ptr<RidgeAccuracy>>
RidgeAccuracy::fit(const SearchSpace &space,
                   llvm::ArrayRef<std::vector<int>> genomes,
                   llvm::ArrayRef<double> top1, double alpha) {
  if (genomes.size() < 10)
    return modelError("the accuracy predictor needs at least 10 measured "
                      "networks, found " +
                      llvm::Twine(genomes.size()));
  AccuracyTrainOptions options;
  options.alpha = alpha;
  options.folds = 5;
  options.shuffleFolds = false;
  return std::unique_ptr<RidgeAccuracy>(new RidgeAccuracy(
      space, fitAccuracyModel(space, genomes, top1, options), ""));
}

llvm::Expected<AccuracyEstimate>
RidgeAccuracy::estimate(llvm::ArrayRef<int> genome) const {
  bool inSupport =
      llvm::is_contained(ridge.resolutions, space.resolution(genome));
  return AccuracyEstimate{ridge.predict(space, genome),
                          inSupport ? AccuracySource::Predicted
                                    : AccuracySource::Extrapolated};
}

json RidgeAccuracy::describe() const {
  if (path.empty())
    return {{"predictor", "ridge on the one-hot genome (inactive genes zeroed, "
                          "resolution gene excluded), fitted at start-up"},
            {"alpha", ridge.ridge.alpha},
            {"training_networks", ridge.training.rows},
            {"cv_folds", ridge.cvFolds},
            {"cv_mae_points", ridge.cv.mae},
            {"cv_kendall_tau", ridge.cv.kendallTau}};
  return {{"predictor", "committed ridge model on the one-hot genome"},
          {"model_file", path},
          {"alpha", ridge.ridge.alpha},
          {"training_file", ridge.training.file},
          {"training_sha256", ridge.training.sha256},
          {"training_networks", ridge.training.rows},
          {"cv_folds", ridge.cvFolds},
          {"cv_mae_points", ridge.cv.mae},
          {"cv_kendall_tau", ridge.cv.kendallTau}};
}
