#include "git/config_reader.h"

#include <strings.h>

#include <cctype>
#include <cstdlib>

#include "git/wildmatch.h"
#include "platform/file_io.h"

namespace kittylog::git {
namespace {

constexpr int kMaxIncludeDepth = 10;  // git's MAX_INCLUDE_DEPTH

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// "Section.Sub.Name" -> "section.Sub.name": what git compares keys by.
std::string CanonicalKey(std::string_view key) {
  size_t first = key.find('.'), last = key.rfind('.');
  if (first == std::string_view::npos) return Lower(key);
  return Lower(key.substr(0, first)) + std::string(key.substr(first, last - first)) + Lower(key.substr(last));
}

std::optional<bool> ParseBool(std::string_view value) {
  std::string lower = Lower(value);
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off" || lower.empty()) return false;
  char* end = nullptr;
  long number = std::strtol(lower.c_str(), &end, 10);
  if (end != lower.c_str() && *end == '\0') return number != 0;
  return std::nullopt;
}

std::string Home() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? home : "";
}

// "~/x" under $HOME; other paths as they are.
std::string ExpandHome(const std::string& path) {
  if (path.starts_with("~/") && !Home().empty()) return Home() + path.substr(1);
  return path;
}

// The branch HEAD names in `git_dir` ("main" for "ref: refs/heads/main"), or "" (detached).
std::string CurrentBranch(const std::string& git_dir) {
  Result<std::string> head = platform::ReadFile(git_dir + "/HEAD");
  if (!head.ok()) return "";
  std::string line = head->substr(0, head->find('\n'));
  constexpr std::string_view kPrefix = "ref: refs/heads/";
  return line.starts_with(kPrefix) ? line.substr(kPrefix.size()) : "";
}

// One file's text, git_parse_source's grammar; also resolves includes as it goes.
class Parser {
 public:
  Parser(std::string_view text, const std::string& path, const Checkout* checkout, int depth,
         std::vector<std::pair<std::string, std::string>>& out)
      : text_(text), path_(path), checkout_(checkout), depth_(depth), out_(out) {}

  void Run() {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    std::string section;
    for (;;) {
      int c = Next();
      if (c == kEnd) return;
      if (c == '\n' || std::isspace(c)) continue;
      if (c == '#' || c == ';') {
        SkipLine();
        continue;
      }
      if (c == '[') {
        if (!SectionHeader(section)) return;
        continue;
      }
      if (!std::isalpha(c) || section.empty()) return;  // a syntax error ends this file
      std::string name(1, static_cast<char>(std::tolower(c)));
      while ((c = Next()) != kEnd && (std::isalnum(c) || c == '-')) name += static_cast<char>(std::tolower(c));
      while (c == ' ' || c == '\t') c = Next();
      std::string value = "true";  // a key without '=' is a boolean true
      if (c == '=') {
        std::optional<std::string> parsed = Value();
        if (!parsed) return;
        value = std::move(*parsed);
      } else if (c != '\n' && c != kEnd) {
        return;
      }
      Add(section + "." + name, value);
    }
  }

  // Adds one entry and follows it when it is an include.
  void Add(std::string key, std::string value) {
    out_.emplace_back(key, value);
    if (key == "include.path") {
      Include(value);
    } else if (key.starts_with("includeif.") && key.ends_with(".path") && key.size() > 15) {
      if (ConditionHolds(key.substr(10, key.size() - 15))) Include(value);
    }
  }

 private:
  static constexpr int kEnd = -1;

  int Next() {
    if (pos_ >= text_.size()) return kEnd;
    char c = text_[pos_++];
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') c = text_[pos_++];
    return static_cast<unsigned char>(c);
  }

  void SkipLine() {
    int c;
    while ((c = Next()) != kEnd && c != '\n') {
    }
  }

  // After '[': "[section]", "[section.sub]" (lowercased) or "[section "Sub"]".
  bool SectionHeader(std::string& section) {
    section.clear();
    for (;;) {
      int c = Next();
      if (c == ']') return !section.empty();
      if (c == ' ' || c == '\t') return ExtendedHeader(section);
      if (c == kEnd || !(std::isalnum(c) || c == '-' || c == '.')) return false;
      section += static_cast<char>(std::tolower(c));
    }
  }

  bool ExtendedHeader(std::string& section) {
    int c;
    while ((c = Next()) == ' ' || c == '\t') {
    }
    if (c != '"') return false;
    section += '.';
    while ((c = Next()) != '"') {
      if (c == kEnd || c == '\n') return false;
      if (c == '\\' && ((c = Next()) == kEnd || c == '\n')) return false;
      section += static_cast<char>(c);
    }
    return Next() == ']';
  }

  // After '=': git's parse_value (quotes, escapes, comments, whitespace folding).
  std::optional<std::string> Value() {
    std::string value;
    bool quoted = false, comment = false;
    size_t spaces = 0;
    for (;;) {
      int c = Next();
      if (c == '\n' || c == kEnd) {
        if (quoted) return std::nullopt;
        return value;
      }
      if (comment) continue;
      if (std::isspace(c) && !quoted) {
        if (!value.empty()) ++spaces;
        continue;
      }
      if (!quoted && (c == ';' || c == '#')) {
        comment = true;
        continue;
      }
      value.append(spaces, ' ');
      spaces = 0;
      if (c == '\\') {
        c = Next();
        switch (c) {
          case '\n': continue;
          case 't': c = '\t'; break;
          case 'b': c = '\b'; break;
          case 'n': c = '\n'; break;
          case '\\': case '"': break;
          default: return std::nullopt;
        }
        value += static_cast<char>(c);
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      value += static_cast<char>(c);
    }
  }

  bool ConditionHolds(const std::string& condition) const {
    if (checkout_ == nullptr) return false;
    if (condition.starts_with("gitdir:")) return GitDirMatches(condition.substr(7), false);
    if (condition.starts_with("gitdir/i:")) return GitDirMatches(condition.substr(9), true);
    if (condition.starts_with("onbranch:")) {
      std::string branch = CurrentBranch(checkout_->git_dir);
      std::string pattern = condition.substr(9);
      if (pattern.ends_with('/')) pattern += "**";
      return !branch.empty() && WildMatch(pattern, branch);
    }
    return false;  // hasconfig: and conditions of later git versions
  }

  // git's prepare_include_condition_pattern, then wildmatch against the git dir.
  bool GitDirMatches(std::string pattern, bool ignore_case) const {
    if (pattern.starts_with("./")) {
      if (path_.empty()) return false;
      pattern = platform::DirName(path_) + pattern.substr(1);
    } else {
      pattern = ExpandHome(pattern);
    }
    if (!pattern.starts_with('/')) pattern = "**/" + pattern;
    if (pattern.ends_with('/')) pattern += "**";
    return WildMatch(pattern, checkout_->git_dir, ignore_case);
  }

  void Include(const std::string& value) {
    if (depth_ >= kMaxIncludeDepth || value.empty()) return;
    std::string path = ExpandHome(value);
    if (!path.starts_with('/')) {
      if (path_.empty()) return;  // relative includes need a file to be relative to
      path = platform::JoinPath(platform::DirName(path_), path);
    }
    Result<std::string> text = platform::ReadFile(path);
    if (!text.ok()) return;
    Parser(*text, path, checkout_, depth_ + 1, out_).Run();
  }

  std::string_view text_;
  size_t pos_ = 0;
  const std::string& path_;
  const Checkout* checkout_;
  int depth_;
  std::vector<std::pair<std::string, std::string>>& out_;
};

// git's sq_dequote_step: one 'single-quoted' word ('\'' inside), from `text` at `pos`.
std::optional<std::string> SingleQuoted(std::string_view text, size_t& pos) {
  if (pos >= text.size() || text[pos] != '\'') return std::nullopt;
  std::string word;
  ++pos;
  for (;;) {
    if (pos >= text.size()) return std::nullopt;
    char c = text[pos++];
    if (c != '\'') {
      word += c;
      continue;
    }
    // "'\''" and "'\!'" continue the word with a quote or '!'.
    if (pos + 2 < text.size() && text[pos] == '\\' && (text[pos + 1] == '\'' || text[pos + 1] == '!') &&
        text[pos + 2] == '\'') {
      word += text[pos + 1];
      pos += 3;
      continue;
    }
    return word;
  }
}

// GIT_CONFIG_PARAMETERS: "'key'='value' 'key2'=" (git >= 2.31) or "'key=value'" (older).
void AddParameters(std::string_view text, Parser& sink) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    std::optional<std::string> key = SingleQuoted(text, pos);
    if (!key) return;
    std::optional<std::string> value;
    if (pos < text.size() && text[pos] == '=') {
      ++pos;
      if (pos < text.size() && text[pos] == '\'') {
        value = SingleQuoted(text, pos);
        if (!value) return;
      }
    } else if (size_t equals = key->find('='); equals != std::string::npos) {
      value = key->substr(equals + 1);
      key->resize(equals);
    }
    sink.Add(CanonicalKey(*key), value.value_or("true"));
  }
}

}  // namespace

class ConfigParser {
 public:
  static void ReadFile(GitConfig& config, const std::string& path, const Checkout* checkout) {
    if (path.empty()) return;
    Result<std::string> text = platform::ReadFile(path);
    if (!text.ok()) return;
    Parser(*text, path, checkout, 0, config.entries_).Run();
  }

  static void ReadCommandLine(GitConfig& config, const Checkout* checkout) {
    static const std::string kNoFile;
    Parser sink("", kNoFile, checkout, 0, config.entries_);
    if (const char* count_text = std::getenv("GIT_CONFIG_COUNT"); count_text != nullptr) {
      long count = std::strtol(count_text, nullptr, 10);
      for (long i = 0; i < count && i < 100000; ++i) {
        const char* key = std::getenv(("GIT_CONFIG_KEY_" + std::to_string(i)).c_str());
        const char* value = std::getenv(("GIT_CONFIG_VALUE_" + std::to_string(i)).c_str());
        if (key != nullptr && *key != '\0' && value != nullptr) sink.Add(CanonicalKey(key), value);
      }
    }
    if (const char* parameters = std::getenv("GIT_CONFIG_PARAMETERS"); parameters != nullptr) {
      AddParameters(parameters, sink);
    }
  }

  static void ReadText(GitConfig& config, std::string_view text, const std::string& path) {
    Parser(text, path, nullptr, 0, config.entries_).Run();
  }
};

bool EnvironmentBool(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && ParseBool(value).value_or(false);
}

GitConfig GitConfig::Load(const Checkout* checkout) {
  GitConfig config;
  if (!EnvironmentBool("GIT_CONFIG_NOSYSTEM")) {
    const char* system = std::getenv("GIT_CONFIG_SYSTEM");
    ConfigParser::ReadFile(config, system != nullptr ? system : "/etc/gitconfig", checkout);
  }
  if (const char* global = std::getenv("GIT_CONFIG_GLOBAL"); global != nullptr) {
    ConfigParser::ReadFile(config, global, checkout);
  } else {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && *xdg != '\0') {
      ConfigParser::ReadFile(config, std::string(xdg) + "/git/config", checkout);
    } else if (!Home().empty()) {
      ConfigParser::ReadFile(config, Home() + "/.config/git/config", checkout);
    }
    if (!Home().empty()) ConfigParser::ReadFile(config, Home() + "/.gitconfig", checkout);
  }
  if (checkout != nullptr) {
    ConfigParser::ReadFile(config, checkout->common_dir + "/config", checkout);
    if (config.GetBool("extensions.worktreeConfig", false)) {
      ConfigParser::ReadFile(config, checkout->git_dir + "/config.worktree", checkout);
    }
  }
  ConfigParser::ReadCommandLine(config, checkout);
  return config;
}

GitConfig GitConfig::FromText(std::string_view text, const std::string& path) {
  GitConfig config;
  ConfigParser::ReadText(config, text, path);
  return config;
}

std::optional<std::string> GitConfig::Get(std::string_view key) const {
  const std::string canonical = CanonicalKey(key);
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first == canonical) return it->second;
  }
  return std::nullopt;
}

bool GitConfig::GetBool(std::string_view key, bool fallback) const {
  std::optional<std::string> value = Get(key);
  if (!value) return fallback;
  return ParseBool(*value).value_or(fallback);
}

}  // namespace kittylog::git
