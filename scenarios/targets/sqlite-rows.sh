#!/bin/sh
# Inserts rows 1, 2 and 3 into the table t of the database `db`, each by its own sqlite3 process
# in one transaction (the first also creates db and t). After each sqlite3 command has returned it
# prints `row N`: what a crash check may take as committed (scenarios/crash-sqlite.ts, docs/crash.md).
#   sqlite-rows.sh SYNCHRONOUS [JOURNAL_MODE]
# SYNCHRONOUS: OFF, NORMAL, FULL or EXTRA (per connection, so every sqlite3 sets it again);
# JOURNAL_MODE: DELETE (the default: rollback journal) or WAL (kept in the file, so set once).
set -eu
usage='usage: sqlite-rows.sh OFF|NORMAL|FULL|EXTRA [DELETE|WAL]'
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "$usage" >&2; exit 2; }
sync=$1
journal=${2:-DELETE}
case $sync in OFF | NORMAL | FULL | EXTRA) ;; *) echo "sqlite-rows.sh: synchronous: expected OFF, NORMAL, FULL or EXTRA, got '$sync'" >&2; exit 2 ;; esac
case $journal in DELETE | WAL) ;; *) echo "sqlite-rows.sh: journal mode: expected DELETE or WAL, got '$journal'" >&2; exit 2 ;; esac
command -v sqlite3 >/dev/null || { echo 'sqlite-rows.sh: sqlite3 is not installed (Debian: apt-get install sqlite3)' >&2; exit 127; }

# -init /dev/null: no ~/.sqliterc may change the settings; -bail: stop, exit non-zero, at an error.
sql() { sqlite3 -init /dev/null -batch -bail db "PRAGMA synchronous=$sync; $1"; }

# journal_mode prints the mode it set ("delete", "wal").
sql "PRAGMA journal_mode=$journal; BEGIN; CREATE TABLE t(n INTEGER PRIMARY KEY); INSERT INTO t VALUES (1); COMMIT;" >/dev/null
echo "row 1"
for n in 2 3; do
  sql "INSERT INTO t VALUES ($n);"
  echo "row $n"
done
