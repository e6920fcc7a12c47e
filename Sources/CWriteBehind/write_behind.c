// sync_file_range(2) is Linux-only and declared under _GNU_SOURCE, which Swift's Glibc module
// does not define. Both calls are advice: the fsync before the rename reports any write error.
#define _GNU_SOURCE
#include <fcntl.h>
#include "write_behind.h"

void intake_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    (void)sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)offset; (void)length;
#endif
}

void intake_drop_written(int fd, long long offset, long long length) {
#ifdef __linux__
    (void)sync_file_range(fd, offset, length,
                          SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
    (void)posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
#else
    (void)fd; (void)offset; (void)length;
#endif
}
