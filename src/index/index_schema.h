// The index schema (DESIGN §7; docs/index.md is its prose spec): the format's one home in code.
//
// The index is derived data: any file whose application_id, user_version or tables differ from
// what is written here is not ours (or not this version's) and is set aside and rebuilt.
// Bump kIndexSchemaVersion whenever a table, column, index or the meaning of a value changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "event/event_types.h"
#include "index/content_hash.h"
#include "index/sqlite_db.h"

namespace kittylog::index_internal {

// 2: the board_events partial index; 3: files.content_hash (the whole indexed content) and ctime_ns;
// 4: wp_state holds the reducer's whole answer per WP; 5: board_snapshots and wp_conflicts;
// 6: name ids 2-4 are the creations, and the creation_events partial index; 7: a group of
// concurrent moves that grows is one wp_conflicts row, checkpoints hold the open group, and
// line_marks; 8: files.content_hash and line_marks.hash are keyed by meta('content_key')
// (content_hash.h); 9: the content key is also recorded in the checkout's git dir (index_identity.h)
inline constexpr int64_t kIndexSchemaVersion = 9;

// names.name_id 1 is always kWPStatusChanged and 2-4 are the creations (a rebuild assigns them
// first), so the partial indexes below can name them in their WHERE clauses.
inline constexpr int64_t kStatusChangedNameId = 1;
inline constexpr int64_t kSpecCreatedNameId = 2;
inline constexpr int64_t kWPCreatedNameId = 3;
inline constexpr int64_t kGateCreatedNameId = 4;
inline constexpr int64_t kIndexApplicationId = 0x4B4C4958;  // "KLIX"

// A row's seq is (file_id << 32) | line number: the rows of one daily file are one rowid range
// in file order, so a file's events are dropped or found by range without another index.
inline constexpr int kLineBits = 32;
inline int64_t MakeSeq(int64_t file_id, int64_t line) { return (file_id << kLineBits) | line; }
inline int64_t FileOfSeq(int64_t seq) { return seq >> kLineBits; }
inline int64_t LineOfSeq(int64_t seq) { return seq & ((int64_t{1} << kLineBits) - 1); }

// Tables, created before the data goes in. Every text value a filter needs (event type, entity,
// entity type, actor, feature) is interned once in `names`. An event row is narrow: the filter
// columns and where its line is; the line itself is read from the daily file, which the
// freshness rule guarantees is what was indexed (and the reader re-checks: the line must start
// at that offset and decode to an event with that clock).
inline constexpr std::string_view kCreateTables = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names(name_id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE files(
  file_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,         -- 'YYYY-MM-DD.jsonl'
  indexed_size INTEGER NOT NULL,     -- bytes indexed: up to and including the last '\n'
  lines INTEGER NOT NULL,            -- lines in those bytes
  content_hash INTEGER NOT NULL,     -- ContentHash of bytes [0, indexed_size) (index/content_hash.h)
  torn_line INTEGER NOT NULL,        -- line number of an event indexed from a torn tail, 0 if none
  stat_size INTEGER NOT NULL,        -- stat(2) when indexed; -1 when the mtime was too recent to trust
  mtime_ns INTEGER NOT NULL,
  ctime_ns INTEGER NOT NULL,
  inode INTEGER NOT NULL,
  events INTEGER NOT NULL,           -- events indexed from this file
  min_clock INTEGER NOT NULL,        -- lowest and highest clock among them (0 when none): a zone
  max_clock INTEGER NOT NULL         -- map that answers MaxClock and prunes clock-range queries
);
-- Every kEventsPerMark events of a daily file, how it began (index/line_marks.h): a rewrite
-- keeps the rows before the last mark the new content still matches.
CREATE TABLE line_marks(
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,             -- lines [1, line] come before the mark
  offset INTEGER NOT NULL,           -- where the next line starts
  hash INTEGER NOT NULL,             -- ContentHash of bytes [0, offset)
  PRIMARY KEY(file_id, line)
) WITHOUT ROWID;
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,           -- (file_id << 32) | line number
  clock INTEGER NOT NULL,            -- lamport_clock (>= 1; events without one are not indexed)
  line_offset INTEGER NOT NULL,      -- byte offset of the line in the daily file
  type_id INTEGER NOT NULL,          -- names: event_type
  entity_type_id INTEGER NOT NULL,   -- names: entity_type
  entity_id INTEGER NOT NULL,        -- names: entity_id
  actor_id INTEGER NOT NULL,         -- names: actor
  feature_id INTEGER NOT NULL        -- names: payload.feature_slug ('' when absent)
);
-- The entity lookup (query --entity, a WP's events): a hand-built index, written with the
-- events. Its key starts with the file, so a daily file's entries are one contiguous range:
-- appending to today's file touches only the end of the b-tree, dropping a file is a range
-- delete, and a rebuild appends already sorted keys instead of asking SQLite to sort a million
-- random ones. A lookup by entity probes each file's range (one seek per daily file).
CREATE TABLE entity_events(
  file_id INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  feature_id INTEGER NOT NULL,
  clock INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  line_offset INTEGER NOT NULL,
  PRIMARY KEY(file_id, entity_id, feature_id, clock, seq)
) WITHOUT ROWID;
-- What the reducer decides from all of a work package's WPStatusChanged and WPCreated events.
CREATE TABLE wp_state(
  feature TEXT NOT NULL,
  wp TEXT NOT NULL,
  lane TEXT NOT NULL,                -- new_status of the deciding event; 'planned' before any
  deciding_event TEXT NOT NULL,      -- event_id of the deciding WPStatusChanged ('' if none)
  deciding_clock INTEGER NOT NULL,   -- its clock (0 if none)
  rule TEXT NOT NULL,                -- '' or the rule that resolved concurrent changes
  resolution TEXT NOT NULL,          -- '' or that group of concurrent moves (JSON, wp_state_codec.h)
  breaks INTEGER NOT NULL,           -- lifecycle breaks among the WP's moves
  last_break TEXT NOT NULL,          -- '' or the latest of them (JSON)
  last_move TEXT NOT NULL,           -- the latest WPStatusChanged in total order ('' if none)
  last_move_clock INTEGER NOT NULL,
  checkpoint TEXT NOT NULL,          -- '' or where the reducer can resume its moves (JSON)
  title TEXT NOT NULL,               -- from the last WPCreated in total order
  title_event TEXT NOT NULL,
  title_clock INTEGER NOT NULL,
  PRIMARY KEY(feature, wp)
) WITHOUT ROWID;
-- Every group of concurrent moves of a work package (DESIGN §6 (a), (c)), as the reducer reports
-- them (wp_state_codec.h), kept with wp_state: `conflicts` reads these and the board snapshot.
CREATE TABLE wp_conflicts(
  feature TEXT NOT NULL,
  wp TEXT NOT NULL,
  last_clock INTEGER NOT NULL,       -- the clock of the group's last move: when the reducer decided it
  n INTEGER NOT NULL,                -- its place among the WP's groups of that clock
  conflict TEXT NOT NULL,            -- JSON (EncodeResolution)
  PRIMARY KEY(feature, wp, last_clock, n)
) WITHOUT ROWID;
-- The board of every event but the status changes through a clock (board_snapshot_codec.h): `status`
-- replays only the events after the latest one. A writer deletes every snapshot at or above the
-- lowest clock it adds or removes; `status` writes a new one when the events after the latest
-- are many (only if meta('generation') did not move meanwhile: every write bumps it).
CREATE TABLE board_snapshots(
  through INTEGER PRIMARY KEY,       -- every such event with clock <= through is in it
  snapshot TEXT NOT NULL             -- JSON: the board and the guard checks of deciding moves
);
)sql";

// The secondary indexes: a rebuild creates them after loading the rows (DESIGN §7: indexes
// created last), a refresh keeps them up to date row by row.
inline constexpr std::string_view kCreateIndexes = R"sql(
-- Every event but the status changes, by clock: what `status` replays besides the deciding
-- status events (specs, WP creations, tags, counters, subtasks, gates). Partial, so it holds
-- only those rows and costs a bulk insert one comparison per status event.
CREATE INDEX board_events ON events(clock) WHERE type_id != 1;
-- The creations (SpecCreated, WPCreated, GateCreated) by type and clock: a few hundred rows among
-- a million, so `history` finds a WP's gates, and a query by a creation type its events, without
-- walking every subtask and gate result in board_events.
CREATE INDEX creation_events ON events(type_id, clock) WHERE type_id BETWEEN 2 AND 4;
)sql";

// No SQL index over all events: sorting a million random keys is the costliest thing a rebuild
// could do. The entity lookup is entity_events; clock ranges and dates prune whole files
// (files.min_clock/max_clock, file names) and scan their rows; a filter on an event type other
// than WPStatusChanged walks the small board_events partial index; the other filters (actor,
// feature, entity type) scan the narrow events table, a few tens of bytes per event.

// A fingerprint of kCreateTables and kCreateIndexes, kept in meta('schema'): a file written by a
// build with other DDL but the same user_version is not trusted either.
std::string SchemaFingerprint();

// Writes user_version, application_id and the fingerprint (after the tables exist).
Status StampSchema(Database& db);

// Ok when `db` is an index of this schema version; otherwise a message naming what differs
// ("not a kittylog index", "schema version 0, expected 1", "table files missing", "content key
// missing").
Status ValidateSchema(Database& db);

// The key of the index's content hashes (content_hash.h): drawn once when the index is built,
// kept in meta('content_key') for the life of the file.
Status WriteContentKey(Database& db, const ContentKey& key);
Result<ContentKey> ReadContentKey(Database& db);

// Settings of a connection that reads or refreshes the index in place: WAL, synchronous=NORMAL,
// a busy timeout, and a WAL file that persists on close (so a process still holding a replaced
// index open never deletes the -wal of the new one).
Status ConfigureConnection(Database& db);

}  // namespace kittylog::index_internal
