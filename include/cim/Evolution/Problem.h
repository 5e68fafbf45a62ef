//===- Problem.h - What an evolutionary search optimises -------*- C++ -*-===//
//
// A problem is an integer genome (one index per gene), a canonical form
// (genomes with equal canonical forms are the same candidate and are
// evaluated once), and a thread-safe evaluation returning the objectives plus
// the text fields of the candidate's CSV row. Evaluation must be a pure
// function of the canonical genome: no randomness, no shared mutable state
// that changes its result.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_EVOLUTION_PROBLEM_H
#define CIM_EVOLUTION_PROBLEM_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace cim::evo {

using Genome = std::vector<int>;

struct Gene {
  std::string name;
  /// Text of each value index, written in the CSV gene column.
  std::vector<std::string> labels;
  int cardinality() const { return static_cast<int>(labels.size()); }
};

/// The value of a gene that the canonical form marks inactive: it does not
/// change the candidate (e.g. a block beyond its stage's depth).
inline constexpr int kInactiveGene = -1;
/// How an inactive gene is written in genome text and CSV cells. The
/// supernet's genome text (cim/Supernet/GenomeText.h) reads it too, so a
/// genome written by the search is read back by every tool.
inline constexpr const char *kInactiveGeneText = "-";

/// Text of value index `value` of `gene` (kInactiveGeneText for a negative
/// value, the inactive mark).
llvm::StringRef formatGeneCell(const Gene &gene, int value);
/// Errors unless every label can be written in a CSV cell and read back
/// (no comma, newline, quote or the inactive mark).
llvm::Error checkGeneLabels(llvm::ArrayRef<Gene> genes);
/// Inverse of formatGeneCell: the value index, or std::nullopt when `text`
/// is not one of the gene's labels.
std::optional<int> parseGeneCell(const Gene &gene, llvm::StringRef text);

enum class Sense { Minimize, Maximize };

struct Objective {
  std::string name;
  Sense sense = Sense::Minimize;
};

struct Evaluation {
  /// In natural units and senses, one per Problem::objectives().
  std::vector<double> objectives;
  /// One text field per Problem::columns().
  std::vector<std::string> fields;
  /// Counts toward the "trusted" hypervolume (e.g. measured accuracy).
  bool trusted = true;
};

class Problem {
public:
  virtual ~Problem();

  virtual const std::vector<Gene> &genes() const = 0;
  virtual const std::vector<Objective> &objectives() const = 0;
  /// Names of the per-evaluation fields (CSV columns after the genes).
  virtual const std::vector<std::string> &columns() const = 0;
  /// For each objective, the index in columns() of the field that holds its
  /// value written with formatDouble (so a resumed run reads it back exactly).
  virtual std::vector<int> objectiveColumns() const = 0;
  /// For resume: whether a row's fields describe a trusted evaluation.
  virtual bool isTrusted(llvm::ArrayRef<std::string> fields) const;

  /// Genomes with equal canonical forms are the same candidate. Inactive
  /// genes may be set to kInactiveGene. The default is the identity.
  virtual Genome canonicalize(llvm::ArrayRef<int> genome) const;
  /// Genes mutated together (resampled as one unit); the default is one
  /// group per gene.
  virtual std::vector<std::vector<int>> mutationGroups() const;

  /// Thread-safe; `canonical` is the output of canonicalize(). `worker`
  /// (0 <= worker < the search's thread count) lets an implementation keep
  /// per-thread memo tables without locks; the result must not depend on it.
  virtual llvm::Expected<Evaluation> evaluate(llvm::ArrayRef<int> canonical,
                                              unsigned worker) const = 0;

  /// Runs once per batch on the coordinating process, before any of the
  /// batch is evaluated, with every canonical genome of the batch: where a
  /// source answers whole batches (an external accuracy evaluator, run once
  /// per generation). Returns one text per genome, shipped with it to
  /// evaluatePrepared in whichever thread or process evaluates it. The
  /// default prepares nothing (empty texts).
  virtual llvm::Expected<std::vector<std::string>>
  prepareBatch(llvm::ArrayRef<Genome> canonical, int generation) const;
  /// evaluate() with the text prepareBatch made for this genome; the default
  /// ignores it. Same contract as evaluate().
  virtual llvm::Expected<Evaluation>
  evaluatePrepared(llvm::ArrayRef<int> canonical, llvm::StringRef prepared,
                   unsigned worker) const;
};

/// Shortest text that parses back (strtod) to exactly `value`.
std::string formatDouble(double value);
/// Exact inverse of formatDouble; false on malformed text.
bool parseDouble(llvm::StringRef text, double &value);

} // namespace cim::evo

#endif // CIM_EVOLUTION_PROBLEM_H
