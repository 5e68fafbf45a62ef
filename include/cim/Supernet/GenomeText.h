//===- GenomeText.h - The one text format of a genome ---------- -*- C++
//-*-===//
//
// Every tool reads and writes genomes through this file, in gene *values*
// (not indices):
//   DyNAS-T dict:  {'ks': [3, 5, ...], 'e': [...], 'd': [...], 'r': [224]}
//                  (also 'wid': None, as DyNAS-T writes it)
//   compact:       ks=3,5,...;e=...;d=...
//   CSV:           one column per gene, `<group><i>` (e.g. ks0..ks19) or the
//                  group name alone for single-gene groups; `resolution` is
//                  accepted for `r`.
// The search writes its genomes as CSV cells of the same columns and values
// (searchGenes(), markInactive()), an inactive gene as evo::kInactiveGeneText
// (`-`); the measured data writes an inactive gene as 0. Both are accepted
// wherever a genome is read. Groups named hw_* are the hardware genes of a
// joint genome (HardwareSpace::parseGenome reads them) and are skipped here,
// so the text of a joint genome that cim-opt-search prints is accepted whole.
// Errors name the gene and its position.
//
//===----------------------------------------------------------------------===//

#ifndef CIM_SUPERNET_GENOMETEXT_H
#define CIM_SUPERNET_GENOMETEXT_H

#include "cim/Evolution/Problem.h"
#include "cim/Supernet/SearchSpace.h"

#include <optional>

namespace cim {

llvm::Expected<std::vector<int>> parseGenome(const SearchSpace &space,
                                             llvm::StringRef text);

enum class GenomeStyle { Compact, Dict };
/// Inactive genes print as 0 (the canonical form of the measured data)
/// unless `zeroInactive` is false; parseGenome accepts both.
std::string formatGenome(const SearchSpace &space, llvm::ArrayRef<int> genome,
                         GenomeStyle style = GenomeStyle::Compact,
                         bool zeroInactive = true);

/// CSV column name of gene `position`.
std::string geneColumnName(const SearchSpace &space, int position);

/// The space's genes as the search sees them: one per position, named by
/// its CSV column, labelled by its values' text.
std::vector<evo::Gene> searchGenes(const SearchSpace &space);
/// The search's form of a genome: canonical, every inactive gene
/// evo::kInactiveGene (so it is written `-`).
evo::Genome markInactive(const SearchSpace &space, llvm::ArrayRef<int> genome);
/// The canonical genome of a markInactive() form (inactive genes 0).
std::vector<int> unmarkInactive(llvm::ArrayRef<int> marked);

/// Minimal CSV: comma-separated, optional double quotes around a field
/// (a doubled quote inside is a literal quote), first line is the header.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// 1-based file line of each row (header is line 1).
  std::vector<int> lines;
  int column(llvm::StringRef name) const;
};
llvm::Expected<CsvTable> readCsv(llvm::StringRef path);
llvm::Expected<CsvTable> parseCsv(llvm::StringRef text, llvm::StringRef where);

/// One genome per row from the gene columns, plus the value of `valueColumn`
/// when it is non-empty (required then). Errors name file, line and column.
struct GenomeRows {
  std::vector<std::vector<int>> genomes;
  std::vector<double> values;
  std::vector<int> lines;
};
llvm::Expected<GenomeRows> readGenomeRows(const SearchSpace &space,
                                          const CsvTable &table,
                                          llvm::StringRef where,
                                          llvm::StringRef valueColumn);

/// Strict decimal parse of a whole field (no trailing junk).
std::optional<double> parseNumber(llvm::StringRef text);

} // namespace cim

#endif // CIM_SUPERNET_GENOMETEXT_H
