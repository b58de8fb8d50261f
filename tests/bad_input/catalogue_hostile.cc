// The bad-input entries of issue 11 (catalogue.h; docs/reliability.md "Hostile input"): links a
// branch commits under .kittify/, entries that are not files, hooks that call each other, a held
// lock, the CLI contract and text that could hide what it says. Each entry failed before the fix.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "event/terminal_text.h"
#include "tests/bad_input/catalogue.h"
#include "tests/support/test_support.h"

namespace kittylog::testing {
namespace {

std::string Events(const Checkout& c) { return c.root + "/.kittify/events"; }

ProcessOptions GitEnv(const Checkout& c) {
  ProcessOptions options;
  options.cwd = c.root;
  options.env = {{"GIT_CONFIG_NOSYSTEM", "1"},      {"GIT_AUTHOR_NAME", "t"},
                 {"GIT_AUTHOR_EMAIL", "t@t.invalid"}, {"GIT_COMMITTER_NAME", "t"},
                 {"GIT_COMMITTER_EMAIL", "t@t.invalid"}, {"KITTYLOG_NOW", "1769515200000"},
                 {"KITTYLOG_HOOK_SHIM", ""}};
  return options;
}

void Git(const Checkout& c, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  Run(argv, GitEnv(c));
}

void Hook(const Checkout& c, const std::string& name, const std::string& body) {
  std::string path = c.root + "/.git/hooks/" + name;
  WriteFile(path, "#!/bin/sh\n" + body);
  ::chmod(path.c_str(), 0755);
}

std::string Lines(const std::string& text) { return std::to_string(SplitLines(text).size()); }

// Holds .kittify/.lock from another process for `seconds`, then lets go (the entry's command
// gives up first). Forked twice, so the holder is init's child and no zombie stays behind.
void HoldLock(const Checkout& c, int seconds) {
  int ready[2];
  if (::pipe(ready) != 0) return;
  pid_t pid = ::fork();
  if (pid == 0) {
    if (::fork() != 0) std::_Exit(0);
    // Not the test's stdout and stderr: whoever waits for them to close (ctest) must not wait.
    int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    int fd = ::open((c.root + "/.kittify/.lock").c_str(), O_RDWR | O_CREAT, 0666);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) std::_Exit(1);
    if (::write(ready[1], "r", 1) != 1) std::_Exit(2);
    ::sleep(static_cast<unsigned>(seconds));
    std::_Exit(0);
  }
  ::close(ready[1]);
  ::waitpid(pid, nullptr, 0);
  char byte;
  if (::read(ready[0], &byte, 1) != 1) std::fprintf(stderr, "HoldLock: the holder did not start\n");
  ::close(ready[0]);
}

const std::string kRlo = "\xe2\x80\xae";

std::string TitleEvent(int n, const std::string& clock, const std::string& wp, const std::string& title) {
  return fmt::format(R"({{"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ{:03}","event_type":"WPCreated","event_version":1,)"
                     R"("lamport_clock":{},"entity_id":"{}","entity_type":"WorkPackage",)"
                     R"("timestamp":"2026-01-27T12:00:01.000Z","actor":"mallory","causation_id":null,)"
                     R"("correlation_id":null,"payload":{{"feature_slug":"001-bad","work_package_id":"{}","title":"{}"}}}})",
                     n, clock, wp, wp, title);
}

std::string StartEvent(int n, const std::string& clock, const std::string& wp) {
  return fmt::format(R"({{"event_id":"01KFZN6BG0ZZZZZZZZZZZZZ{:03}","event_type":"WPStatusChanged","event_version":1,)"
                     R"("lamport_clock":{},"entity_id":"{}","entity_type":"WorkPackage",)"
                     R"("timestamp":"2026-01-27T12:00:02.000Z","actor":"mallory","causation_id":null,)"
                     R"("correlation_id":null,"payload":{{"feature_slug":"001-bad","old_status":"planned","new_status":"doing"}}}})",
                     n, clock, wp);
}

}  // namespace

void MakeGitRepository(const Checkout& checkout) {
  Git(checkout, {"init", "-q", "-b", "main"});
  Run({KITTYLOG_BINARY, "install"}, GitEnv(checkout));
  Git(checkout, {"add", "-A"});
  Git(checkout, {"commit", "-q", "-m", "log"});
}

void AddHostileEntries(std::vector<BadInput>& c) {
  // --- Links: never followed, never printed through (item 1) ------------------------------
  c.push_back({"daily_file_link_to_environ", "a daily file linked to /proc/self/environ: `repair --check` names it only",
               [](const Checkout& co) { std::filesystem::create_symlink("/proc/self/environ", Events(co) + "/2026-01-01.jsonl"); },
               {"repair", "--check"}, "", 1, "a symbolic link, not a regular file (never read)", true, Keep::kUnchanged, {}, "",
               {}, {{"KITTYLOG_TEST_SECRET", "hunter2"}}});
  c.push_back({"daily_file_link_to_environ_repair", "a daily file linked to /proc/self/environ: `repair` moves the link aside",
               [](const Checkout& co) { std::filesystem::create_symlink("/proc/self/environ", Events(co) + "/2026-01-01.jsonl"); },
               {"repair"}, "", 0, "moved aside .kittify/events/2026-01-01.jsonl: a symbolic link", true, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 for (const auto& [path, bytes] : Snapshot(co.root + "/.kittify/quarantine")) {
                   if (bytes.find("hunter2") != std::string::npos) return "the environment was copied into " + path;
                 }
                 return "";
               },
               {{"KITTYLOG_TEST_SECRET", "hunter2"}}});
  c.push_back({"daily_file_link_to_passwd", "a daily file linked to /etc/passwd: `verify` reports the link, reads nothing",
               [](const Checkout& co) { std::filesystem::create_symlink("/etc/passwd", Events(co) + "/2026-01-02.jsonl"); },
               {"verify"}, "", 1, ".kittify/events/2026-01-02.jsonl: a symbolic link, not a regular file"});
  c.push_back({"kittify_link_hook", "`.kittify` a link outside: the post-merge hook skips and writes nothing there",
               [](const Checkout& co) {
                 MakeGitRepository(co);
                 std::filesystem::create_directories(co.scratch + "/target/events");
                 std::filesystem::copy_file(co.day, co.scratch + "/target/events/2026-01-27.jsonl");
                 std::filesystem::remove_all(co.root + "/.kittify");
                 std::filesystem::create_symlink(co.scratch + "/target", co.root + "/.kittify");
               },
               {"hook", "post-merge", "0"}, "", 0, "hook post-merge skipped: .kittify: is a symbolic link", false,
               Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 for (const char* name : {".lock", "clock.json", "events/index.db", "events/index.db-wal"}) {
                   if (std::filesystem::exists(co.scratch + "/target/" + name)) return std::string("wrote ") + name + " through the link";
                 }
                 return "";
               }});
  c.push_back({"index_link_to_foreign_database", "index.db a link to a database outside: never opened, set aside",
               [](const Checkout& co) {
                 for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(Events(co) + "/index.db" + suffix);
                 WriteFile(co.scratch + "/foreign.db", std::string("SQLite format 3\0", 16) + std::string(4080, '\0'));
                 std::filesystem::create_symlink(co.scratch + "/foreign.db", Events(co) + "/index.db");
               },
               {"status"}, "", 0, "index.db is a symbolic link (not followed)", false, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 if (ReadFileOrEmpty(co.scratch + "/foreign.db") != std::string("SQLite format 3\0", 16) + std::string(4080, '\0')) {
                   return "the foreign database changed";
                 }
                 return std::filesystem::exists(co.scratch + "/foreign.db-wal") ? "WAL created beside the foreign database" : "";
               }});
  c.push_back({"lock_link_dangling", "`.kittify/.lock` a dangling link: refused, its target never created",
               [](const Checkout& co) {
                 std::filesystem::remove(co.root + "/.kittify/.lock");
                 std::filesystem::create_symlink(co.scratch + "/created-by-lock", co.root + "/.kittify/.lock");
               },
               {"emit", "TagsAdded", "--entity", "WP07", "--entity-type", "WorkPackage", "--payload", R"({"tags":["x"]})"}, "", 3,
               ".kittify/.lock: is a symbolic link; kittylog does not follow it", false, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 return std::filesystem::exists(co.scratch + "/created-by-lock") ? "the link's target was created" : "";
               }});

  // --- Entries that are not files: skipped, reported, moved aside (item 2) -------------------
  c.push_back({"daily_file_fifo", "a FIFO named like a daily file: `status` skips it with a warning, never blocks",
               [](const Checkout& co) { ::mkfifo((Events(co) + "/2026-01-28.jsonl").c_str(), 0666); }, {"status"}, "", 0,
               ".kittify/events/2026-01-28.jsonl: a FIFO, not a regular file: skipped"});
  c.push_back({"daily_file_fifo_verify", "a FIFO named like a daily file: `verify` reports it",
               [](const Checkout& co) { ::mkfifo((Events(co) + "/2026-01-28.jsonl").c_str(), 0666); }, {"verify"}, "", 1,
               ".kittify/events/2026-01-28.jsonl: a FIFO, not a regular file"});
  c.push_back({"daily_file_fifo_repair", "a FIFO named like a daily file: `repair` moves it into the quarantine",
               [](const Checkout& co) { ::mkfifo((Events(co) + "/2026-01-28.jsonl").c_str(), 0666); }, {"repair"}, "", 0,
               "moved aside .kittify/events/2026-01-28.jsonl: a FIFO", true, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 if (std::filesystem::exists(std::filesystem::symlink_status(Events(co) + "/2026-01-28.jsonl"))) return "still there";
                 return Kittylog(co.root, {"verify"}).exit_code == 0 ? "" : "verify still fails";
               }});
  c.push_back({"merge_driver_dev_zero", "kittylog-merge with /dev/zero as theirs: exit 2, nothing read",
               [](const Checkout& co) {
                 WriteFile(co.scratch + "/O", co.lines[0] + "\n");
                 WriteFile(co.scratch + "/A", co.lines[0] + "\n");
               },
               {"kittylog-merge", "@O", "@A", "/dev/zero"}, "", 2, "/dev/zero: is a device, not a regular file"});
  c.push_back({"merge_driver_fifo", "kittylog-merge with a FIFO as theirs: exit 2, never blocks",
               [](const Checkout& co) {
                 WriteFile(co.scratch + "/O", co.lines[0] + "\n");
                 WriteFile(co.scratch + "/A", co.lines[0] + "\n");
                 ::mkfifo((co.scratch + "/B").c_str(), 0666);
               },
               {"kittylog-merge", "@O", "@A", "@B"}, "", 2, "is a FIFO, not a regular file"});

  // --- Hooks: never recurse; append-only at commit; ignores in info/exclude (items 3, 7) ------
  c.push_back({"hook_links_post_checkout_to_post_merge", "post-checkout -> post-merge (a link) before init: `git checkout` ends",
               [](const Checkout& co) {
                 Git(co, {"init", "-q", "-b", "main"});
                 Hook(co, "post-merge", "echo ran >> \"$0.log\"\n");
                 std::filesystem::create_symlink("post-merge", co.root + "/.git/hooks/post-checkout");
                 MakeGitRepository(co);
               },
               {"git", "checkout", "-q", "-b", "topic"}, "", 0, "", false, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 std::string runs = Lines(ReadFileOrEmpty(co.root + "/.git/hooks/post-checkout.log"));
                 return runs == "1" ? "" : "the linked hook ran " + runs + " times";
               }});
  c.push_back({"hook_reexecutes_itself", "a hook that re-executes \"$0\" forever: stopped, git ends",
               [](const Checkout& co) {
                 Git(co, {"init", "-q", "-b", "main"});
                 Hook(co, "post-checkout", "exec \"$0\" \"$@\"\n");
                 MakeGitRepository(co);
               },
               {"git", "checkout", "-q", "-b", "topic"}, "", 0, "hooks run each other in a loop"});
  c.push_back({"pre_commit_drops_an_event", "a commit that drops a committed event: refused, naming it",
               [](const Checkout& co) {
                 MakeGitRepository(co);
                 WriteFile(co.day, co.lines[1] + "\n");
                 Git(co, {"add", "-A"});
               },
               {"git", "commit", "-q", "-m", "drop"}, "", 1, "the commit would lose 1 event committed in HEAD"});
  c.push_back({"ignores_in_info_exclude", "a branch without .gitignore entries: info/exclude still ignores the index",
               [](const Checkout& co) {
                 MakeGitRepository(co);
                 std::filesystem::remove(co.root + "/.gitignore");
               },
               {"git", "check-ignore", "-q", ".kittify/events/index.db"}, "", 0, ""});

  // --- Lock waits: visible and bounded (item 4) -----------------------------------------------
  c.push_back({"lock_held_by_another_process", "`.kittify/.lock` held by another process: say so, give up after the timeout",
               [](const Checkout& co) { HoldLock(co, 10); },
               {"wp", "move", "WP01", "--feature", "001-bad", "--to", "doing"}, "", 3, "waiting for the lock held by pid",
               false, Keep::kUnchanged, {}, "", {}, {{"KITTYLOG_LOCK_TIMEOUT", "2"}}});

  // --- The CLI contract (item 5) -----------------------------------------------------------------
  c.push_back({"json_verify_with_problems", "`--json verify` with problems: one JSON document, exit 1",
               [](const Checkout& co) { WriteFile(co.day, ReadFileOrEmpty(co.day) + "not json\n"); }, {"--json", "verify"}, "",
               1, "\"exit_code\":1", true, Keep::kUnchanged, {}, "", {}, {}, /*one_json_document=*/true});
  c.push_back({"json_repair_check", "`--json repair --check` with damage: one JSON document, exit 1",
               [](const Checkout& co) { WriteFile(co.day, ReadFileOrEmpty(co.day) + co.lines[0] + "\n"); },
               {"--json", "repair", "--check"}, "", 1, "\"exit_code\":1", true, Keep::kUnchanged, {}, "", {}, {}, true});
  c.push_back({"json_init", "`--json init`: one JSON document, no text", {}, {"--json", "init"}, "", 0, "\"changes\":[", true,
               Keep::kUnchanged, {}, "", {}, {}, true});
  c.push_back({"json_emit_batch", "`--json emit --stdin` with two events: one JSON document", {}, {"--json", "emit", "--stdin"},
               R"({"event_type":"TagsAdded","entity_id":"WP07","entity_type":"WorkPackage","payload":{"tags":["x"]}})" "\n"
               R"({"event_type":"TagsAdded","entity_id":"WP08","entity_type":"WorkPackage","payload":{"tags":["y"]}})" "\n",
               0, "{\"events\":[", true, Keep::kAppended, {}, "", {}, {}, true});
  c.push_back({"no_kittify_verify", "`verify` where .kittify/ is gone: a repository problem, not \"0 problems\"",
               [](const Checkout& co) { std::filesystem::remove_all(co.root + "/.kittify"); }, {"verify"}, "", 3,
               "no .kittify/ directory here; run `kittylog init` first"});
  c.push_back({"init_in_bare_repository", "`init` inside a bare repository: refused, nothing created",
               [](const Checkout& co) { Run({"git", "init", "-q", "--bare", co.scratch + "/bare.git"}); },
               {"-C", "@bare.git", "init"}, "", 3, "bare repository", false, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 return std::filesystem::exists(co.scratch + "/bare.git/.kittify") ? "created .kittify/ in the bare repository" : "";
               }});

  // --- doctor tells the truth (item 6) ----------------------------------------------------------
  c.push_back({"emptied_gitattributes", "`: > .gitattributes`: doctor reports what git will use",
               [](const Checkout& co) {
                 MakeGitRepository(co);
                 WriteFile(co.root + "/.gitattributes", "");
               },
               {"doctor"}, "", 1, "git resolves merge=unspecified", true});

  // --- Text that could hide what it says (item 8) -------------------------------------------------
  c.push_back({"bidi_in_title", "U+202E (right-to-left override) in a title: shown escaped",
               [](const Checkout& co) {
                 WriteFile(co.day, ReadFileOrEmpty(co.day) + TitleEvent(60, "3", "WP60", "Pay " + kRlo + "fdp.exe") + "\n");
               },
               {"history", "WP60", "--feature", "001-bad"}, "", 0, "Pay \\u{202e}fdp.exe", true});
  c.push_back({"bom_then_status", "a UTF-8 BOM before the first event: readers still see that event",
               [](const Checkout& co) { WriteFile(co.day, "\xef\xbb\xbf" + ReadFileOrEmpty(co.day)); },
               {"history", "WP01"}, "", 0, "clock 1: tags +good", true});
  c.push_back({"cjk_title_board", "a CJK title: the board's columns stay aligned (a CJK character takes two columns)",
               [](const Checkout& co) {
                 WriteFile(co.day, ReadFileOrEmpty(co.day) + TitleEvent(61, "3", "WP61", "登录页面设计与实现") + "\n" +
                                       TitleEvent(62, "4", "WP62", "Login") + "\n" + StartEvent(63, "5", "WP62") + "\n");
               },
               {"status"}, "", 0, "WP61", true, Keep::kUnchanged, {}, "",
               [](const Checkout& co) -> std::string {
                 // The Doing column starts at the same column on the heading and on the card row.
                 std::vector<size_t> starts;
                 for (const std::string& line : SplitLines(Kittylog(co.root, {"status"}).out)) {
                   size_t at = line.find("Doing (");
                   if (at == std::string::npos) at = line.find("WP62 ");
                   if (at != std::string::npos) starts.push_back(DisplayWidth(line.substr(0, at)));
                 }
                 if (starts.size() != 2 || starts[0] != starts[1]) {
                   return fmt::format("the Doing column starts at columns {}", fmt::join(starts, ", "));
                 }
                 return "";
               }});
}

}  // namespace kittylog::testing
