import CWriteBehind
import Foundation

/// Flushes a file being written front to back in windows, and drops each flushed window from
/// the page cache, so a gigabyte changeset neither fills memory nor waits for one long fsync.
///
/// Pages the kernel must find for a new file cost as much as the program's own allocations: on a
/// ten-million-row plan, copying the 960 MB changeset into fresh page cache took a tenth of the
/// run. With write-behind the file goes through the same few windows of memory, and its disk
/// writes overlap the rest of the encoding.
struct WriteBehind {
    /// The window flushed at a time, by default.
    static let window = 8 << 20
    private let descriptor: Int32
    private let window: Int
    /// Bytes written so far.
    private var written = 0
    /// Bytes whose writeback has been started.
    private var started = 0
    /// Bytes on disk and out of the page cache.
    private var dropped = 0
    /// Whether the file takes write-behind at all (not a pipe, say); else the fsync does it all.
    private var supported = true

    /// Follows writes to `descriptor`, which is at offset 0, flushing every `window` bytes.
    init(descriptor: Int32, window: Int = Self.window) {
        self.descriptor = descriptor
        self.window = window
    }

    /// Notes `count` bytes written; at each window's end, starts its writeback and drops the one
    /// before. Throws the error of a window that did not reach the disk: waiting for it took
    /// that error from the file, and the fsync after would not report it again.
    mutating func wrote(_ count: Int) throws {
        written += count
        guard supported, written - started >= window else { return }
        // The window before this one has had a whole window's encoding to reach the disk.
        if started > dropped {
            try check(intake_drop_written(descriptor, Int64(dropped), Int64(started - dropped)))
            dropped = started
        }
        try check(intake_start_writeback(descriptor, Int64(started), Int64(written - started)))
        started = written
    }

    /// Throws `code` unless it is 0 or says the file takes no write-behind, which ends it.
    private mutating func check(_ code: Int32) throws {
        guard code != 0 else { return }
        if code == EINVAL || code == ESPIPE || code == ENOSYS {
            supported = false
            return
        }
        throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
    }
}
