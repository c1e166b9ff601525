// Package logrotator is Egg's egg-logrotator for egg's log files: a log
// file is renamed to name.YYYY-MM-DD when the local date changes, or
// hourly to name.YYYY-MM-DD-HH, or by size to name.1 … name.N, and
// rotated files older than MaxDays are removed. A file that an outside
// logrotate moves away is reopened (on Check, or on SIGUSR1 under
// modules/logger).
//
// Unlike Egg, where a separate agent renames files at midnight and tells
// the workers to reopen them, the one process that writes a file rotates
// it, between two writes under the file's lock: no line is lost, split
// or written twice, and a line written at 00:00:00.001 is already in the
// new day's file. Size is checked at every write rather than once a
// minute, so a by-size file never passes MaxFileSize (unless one line is
// larger), and an empty file is never rotated.
//
// File (Open, Rule) needs no egg type: any io.Writer user can have it.
// Module is the egg module whose Config (env prefix LOGROTATOR_) gives the
// rule of each file modules/logger writes.
package logrotator
