//===- GenomeText.cpp - Genome <-> text (DyNAS-T dict, compact, CSV) ------===//

#include "cim/Supernet/GenomeText.h"
#include "cim/Support/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cerrno>
#include <cstdlib>
#include <map>

using namespace cim;

static llvm::Error textError(const llvm::Twine &message) {
  return cim::makeError(message.str().c_str());
}

std::optional<double> cim::parseNumber(llvm::StringRef text) {
  text = text.trim();
  if (text.empty())
    return std::nullopt;
  std::string copy = text.str();
  char *end = nullptr;
  errno = 0;
  double value = std::strtod(copy.c_str(), &end);
  if (errno != 0 || end != copy.c_str() + copy.size())
    return std::nullopt;
  return value;
}

namespace {
/// Raw values per key, as written, before they meet the space.
struct RawGenome {
  std::vector<std::string> keys; // in order of appearance
  std::map<std::string, std::vector<std::string>> values;
};

/// Parses {'key': [v, ...] | None | v, ...}.
class DictParser {
public:
  explicit DictParser(llvm::StringRef text) : text(text) {}

  llvm::Error parse(RawGenome &out) {
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'");
    skipSpace();
    if (consume('}'))
      return llvm::Error::success();
    while (true) {
      std::string key;
      if (llvm::Error err = parseKey(key))
        return err;
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after key '" + key + "'");
      std::vector<std::string> list;
      if (llvm::Error err = parseValue(key, list))
        return err;
      if (out.values.count(key))
        return textError("genome: gene '" + key + "' is given twice");
      out.keys.push_back(key);
      out.values[key] = std::move(list);
      skipSpace();
      if (consume('}'))
        break;
      if (!consume(','))
        return fail("expected ',' or '}' after the value of '" + key + "'");
      skipSpace();
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after '}'");
    return llvm::Error::success();
  }

private:
  void skipSpace() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  llvm::Error fail(const std::string &what) {
    return textError("genome: column " + std::to_string(pos + 1) + ": " + what);
  }
  llvm::Error parseKey(std::string &key) {
    char quote = pos < text.size() ? text[pos] : 0;
    if (quote != '\'' && quote != '"')
      return fail("expected a quoted gene name");
    size_t close = text.find(quote, pos + 1);
    if (close == llvm::StringRef::npos)
      return fail("unterminated gene name");
    key = text.slice(pos + 1, close).str();
    pos = close + 1;
    return llvm::Error::success();
  }
  llvm::Error parseScalar(std::string &value) {
    skipSpace();
    size_t start = pos;
    while (pos < text.size() && text[pos] != ',' && text[pos] != ']' &&
           text[pos] != '}' && !llvm::isSpace(text[pos]))
      ++pos;
    if (start == pos)
      return fail("expected a value");
    value = text.slice(start, pos).str();
    return llvm::Error::success();
  }
  llvm::Error parseValue(const std::string &key,
                         std::vector<std::string> &list) {
    skipSpace();
    if (!consume('[')) {
      std::string scalar;
      if (llvm::Error err = parseScalar(scalar))
        return err;
      if (scalar != "None")
        list.push_back(scalar);
      return llvm::Error::success();
    }
    skipSpace();
    if (consume(']'))
      return llvm::Error::success();
    while (true) {
      std::string item;
      if (llvm::Error err = parseScalar(item))
        return err;
      list.push_back(item);
      skipSpace();
      if (consume(']'))
        return llvm::Error::success();
      if (!consume(','))
        return fail("expected ',' or ']' in the list of '" + key + "'");
    }
  }

  llvm::StringRef text;
  size_t pos = 0;
};

llvm::Error parseCompact(llvm::StringRef text, RawGenome &out) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ';', -1, /*KeepEmpty=*/false);
  if (parts.empty())
    return textError(
        "genome: empty text; expected e.g. 'ks=3,5,...;e=...;d=...'");
  for (llvm::StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    auto [key, rest] = part.split('=');
    key = key.trim();
    if (rest.data() == nullptr || key.empty() || !part.contains('='))
      return textError("genome: '" + part +
                       "': expected <gene>=<value>,<value>,...");
    if (out.values.count(key.str()))
      return textError("genome: gene '" + key + "' is given twice");
    llvm::SmallVector<llvm::StringRef> items;
    rest.split(items, ',');
    std::vector<std::string> list;
    for (llvm::StringRef item : items)
      list.push_back(item.trim().str());
    out.keys.push_back(key.str());
    out.values[key.str()] = std::move(list);
  }
  return llvm::Error::success();
}

/// Values (as text) per gene position -> genome indices.
llvm::Expected<std::vector<int>>
resolveValues(const SearchSpace &space,
              const std::vector<std::optional<double>> &values,
              const std::vector<std::string> &texts) {
  std::vector<int> genome(space.genomeLength(), 0);
  std::vector<int> unresolved;
  for (int position = 0; position < space.genomeLength(); ++position) {
    const GeneGroup &group = space.groupOf(position);
    int index = values[position]
                    ? SearchSpace::indexOfValue(group, *values[position])
                    : -1;
    if (index < 0)
      unresolved.push_back(position);
    else
      genome[position] = index;
  }
  for (int position : unresolved) {
    const GeneGroup &group = space.groupOf(position);
    bool inactiveMark = texts[position] == evo::kInactiveGeneText ||
                        (values[position] && *values[position] == 0.0);
    if (inactiveMark && !space.isActive(genome, position))
      continue;
    std::string allowed;
    for (double v : group.values)
      allowed += (allowed.empty() ? "" : ", ") + formatGeneValue(v);
    return textError(
        "genome: gene " + space.geneName(position) + " (position " +
        std::to_string(position) + "): expected one of {" + allowed + "}" +
        (space.isActive(genome, position) ? "" : " or 0 or - (inactive)") +
        ", found '" + texts[position] + "'");
  }
  return genome;
}
} // namespace

llvm::Expected<std::vector<int>> cim::parseGenome(const SearchSpace &space,
                                                  llvm::StringRef text) {
  RawGenome raw;
  text = text.trim();
  if (text.starts_with("{")) {
    if (llvm::Error err = DictParser(text).parse(raw))
      return std::move(err);
  } else if (llvm::Error err = parseCompact(text, raw)) {
    return std::move(err);
  }

  std::vector<std::optional<double>> values(space.genomeLength());
  std::vector<std::string> texts(space.genomeLength());
  for (const std::string &key : raw.keys) {
    const std::vector<std::string> &list = raw.values[key];
    const GeneGroup *group = space.findGroup(key);
    if (!group) {
      if (llvm::StringRef(key).starts_with("hw_"))
        continue; // the hardware genes of a joint genome
      if (key == "wid" && list.empty())
        continue; // DyNAS-T writes 'wid': None
      if (key == "r" && list.size() == 1) {
        // A space without a resolution gene has one fixed resolution.
        std::optional<double> r = parseNumber(list[0]);
        int fixed = space.resolution(std::vector<int>(space.genomeLength(), 0));
        if (r && *r == fixed)
          continue;
        return textError("genome: gene 'r': space " + space.name() +
                         " has a fixed resolution " + std::to_string(fixed) +
                         ", found '" + list[0] + "'");
      }
      std::string known;
      for (const GeneGroup &g : space.geneGroups())
        known += (known.empty() ? "" : ", ") + g.name;
      return textError("genome: unknown gene '" + key + "' for space " +
                       space.name() + "; expected: " + known);
    }
    if (static_cast<int>(list.size()) != group->count)
      return textError("genome: gene '" + key + "': expected " +
                       std::to_string(group->count) + " values, found " +
                       std::to_string(list.size()));
    for (int i = 0; i < group->count; ++i) {
      values[group->offset + i] = parseNumber(list[i]);
      texts[group->offset + i] = list[i];
    }
  }
  for (const GeneGroup &group : space.geneGroups())
    if (!raw.values.count(group.name))
      return textError("genome: missing gene '" + group.name + "' (" +
                       std::to_string(group.count) + " values) for space " +
                       space.name());
  return resolveValues(space, values, texts);
}

std::string cim::formatGenome(const SearchSpace &space,
                              llvm::ArrayRef<int> genome, GenomeStyle style,
                              bool zeroInactive) {
  std::string out = style == GenomeStyle::Dict ? "{" : "";
  bool firstGroup = true;
  for (const GeneGroup &group : space.geneGroups()) {
    if (!firstGroup)
      out += style == GenomeStyle::Dict ? ", " : ";";
    firstGroup = false;
    if (style == GenomeStyle::Dict)
      out += "'" + group.name + "': [";
    else
      out += group.name + "=";
    for (int i = 0; i < group.count; ++i) {
      if (i)
        out += style == GenomeStyle::Dict ? ", " : ",";
      int position = group.offset + i;
      out += zeroInactive && !space.isActive(genome, position)
                 ? "0"
                 : formatGeneValue(group.values[genome[position]]);
    }
    if (style == GenomeStyle::Dict)
      out += "]";
  }
  if (style == GenomeStyle::Dict)
    out += "}";
  return out;
}

std::string cim::geneColumnName(const SearchSpace &space, int position) {
  const GeneGroup &group = space.groupOf(position);
  if (group.count == 1)
    return group.name;
  return group.name + std::to_string(position - group.offset);
}

std::vector<evo::Gene> cim::searchGenes(const SearchSpace &space) {
  std::vector<evo::Gene> genes;
  for (int position = 0; position < space.genomeLength(); ++position) {
    evo::Gene gene{geneColumnName(space, position), {}};
    for (double value : space.groupOf(position).values)
      gene.labels.push_back(formatGeneValue(value));
    genes.push_back(std::move(gene));
  }
  return genes;
}

evo::Genome cim::markInactive(const SearchSpace &space,
                              llvm::ArrayRef<int> genome) {
  std::vector<int> canonical = space.canonicalize(genome);
  evo::Genome marked(canonical.size());
  for (int position = 0; position < space.genomeLength(); ++position)
    marked[position] = space.isActive(canonical, position) ? canonical[position]
                                                           : evo::kInactiveGene;
  return marked;
}

std::vector<int> cim::unmarkInactive(llvm::ArrayRef<int> marked) {
  std::vector<int> canonical;
  for (int value : marked)
    canonical.push_back(value == evo::kInactiveGene ? 0 : value);
  return canonical;
}

int CsvTable::column(llvm::StringRef name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name)
      return static_cast<int>(i);
  return -1;
}

static std::vector<std::string> splitCsvLine(llvm::StringRef line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

llvm::Expected<CsvTable> cim::parseCsv(llvm::StringRef text,
                                       llvm::StringRef where) {
  CsvTable table;
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  int lineNo = 0;
  for (llvm::StringRef line : lines) {
    ++lineNo;
    line = line.rtrim("\r");
    if (line.trim().empty())
      continue;
    std::vector<std::string> fields = splitCsvLine(line);
    if (table.header.empty()) {
      for (std::string &f : fields)
        f = llvm::StringRef(f).trim().str();
      table.header = std::move(fields);
      continue;
    }
    if (fields.size() != table.header.size())
      return textError(where + ":" + llvm::Twine(lineNo) + ": expected " +
                       llvm::Twine(table.header.size()) +
                       " fields (as in the header), found " +
                       llvm::Twine(fields.size()));
    table.rows.push_back(std::move(fields));
    table.lines.push_back(lineNo);
  }
  if (table.header.empty())
    return textError(where + ": empty file; expected a header line");
  return table;
}

llvm::Expected<CsvTable> cim::readCsv(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return textError(path + ": cannot read: " + buffer.getError().message());
  return parseCsv((*buffer)->getBuffer(), path);
}

llvm::Expected<GenomeRows> cim::readGenomeRows(const SearchSpace &space,
                                               const CsvTable &table,
                                               llvm::StringRef where,
                                               llvm::StringRef valueColumn) {
  std::vector<int> columns(space.genomeLength());
  for (int position = 0; position < space.genomeLength(); ++position) {
    std::string name = geneColumnName(space, position);
    int column = table.column(name);
    if (column < 0 && name == "r")
      column = table.column("resolution");
    if (column < 0)
      return textError(where + ": missing column '" + name + "' (gene " +
                       space.geneName(position) + ")");
    columns[position] = column;
  }
  // Without a resolution gene, an optional resolution column must hold the
  // space's fixed resolution.
  int resolutionColumn = space.findGroup("r") ? -1 : table.column("resolution");
  int fixedResolution =
      space.resolution(std::vector<int>(space.genomeLength(), 0));
  int valueIndex = -1;
  if (!valueColumn.empty()) {
    valueIndex = table.column(valueColumn);
    if (valueIndex < 0)
      return textError(where + ": missing column '" + valueColumn + "'");
  }

  GenomeRows out;
  std::vector<std::optional<double>> values(space.genomeLength());
  std::vector<std::string> texts(space.genomeLength());
  for (size_t row = 0; row < table.rows.size(); ++row) {
    const std::vector<std::string> &fields = table.rows[row];
    std::string at = (where + ":" + llvm::Twine(table.lines[row])).str();
    for (int position = 0; position < space.genomeLength(); ++position) {
      const std::string &cell = fields[columns[position]];
      values[position] = parseNumber(cell);
      texts[position] = cell;
      if (!values[position] && cell != evo::kInactiveGeneText)
        return textError(at + ": column '" + table.header[columns[position]] +
                         "': expected a number (or - for an inactive gene), "
                         "found '" +
                         cell + "'");
    }
    if (resolutionColumn >= 0) {
      std::optional<double> r = parseNumber(fields[resolutionColumn]);
      if (!r || *r != fixedResolution)
        return textError(at + ": column 'resolution': expected " +
                         llvm::Twine(fixedResolution) + " (space " +
                         space.name() + " has a fixed resolution), found '" +
                         fields[resolutionColumn] + "'");
    }
    auto genome = resolveValues(space, values, texts);
    if (!genome)
      return textError(at + ": " + llvm::toString(genome.takeError()));
    if (valueIndex >= 0) {
      std::optional<double> v = parseNumber(fields[valueIndex]);
      if (!v)
        return textError(at + ": column '" + valueColumn +
                         "': expected a number, found '" + fields[valueIndex] +
                         "'");
      out.values.push_back(*v);
    }
    out.genomes.push_back(std::move(*genome));
    out.lines.push_back(table.lines[row]);
  }
  return out;
}
