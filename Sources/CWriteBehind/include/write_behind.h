#ifndef INTAKE_WRITE_BEHIND_H
#define INTAKE_WRITE_BEHIND_H

/// Starts writing bytes [offset, offset + length) of fd to disk, without waiting for them.
void intake_start_writeback(int fd, long long offset, long long length);

/// Waits until bytes [offset, offset + length) of fd are on disk, then drops them from the
/// page cache: a file written once and read later by another process need not stay in memory.
void intake_drop_written(int fd, long long offset, long long length);

#endif
