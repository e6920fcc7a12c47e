// sync_file_range(2) is Linux-only and declared under _GNU_SOURCE, which Swift's Glibc module
// does not define. Its errors must reach the caller: waiting on a range consumes the file's
// writeback error, so the fsync after it would no longer report a write that failed here.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include "write_behind.h"

int intake_start_writeback(int fd, long long offset, long long length) {
#ifdef __linux__
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0 ? 0 : errno;
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

int intake_drop_written(int fd, long long offset, long long length) {
#ifdef __linux__
    if (sync_file_range(fd, offset, length,
                        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) != 0) {
        return errno;
    }
    // Only advice: pages that stay cached cost memory, not correctness.
    (void)posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
#else
    (void)fd; (void)offset; (void)length;
#endif
    return 0;
}
