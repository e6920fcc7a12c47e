#ifndef INTAKE_WRITE_BEHIND_H
#define INTAKE_WRITE_BEHIND_H

/// Starts writing bytes [offset, offset + length) of fd to disk, without waiting for them.
/// Returns 0, or the errno of the failure.
int intake_start_writeback(int fd, long long offset, long long length);

/// Waits until bytes [offset, offset + length) of fd are on disk, then drops them from the
/// page cache: a file written once and read later by another process need not stay in memory.
/// Returns 0, or the errno of the failure (then nothing is dropped).
int intake_drop_written(int fd, long long offset, long long length);

#endif
