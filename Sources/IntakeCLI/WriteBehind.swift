import CWriteBehind

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

    /// Follows writes to `descriptor`, which is at offset 0, flushing every `window` bytes.
    init(descriptor: Int32, window: Int = Self.window) {
        self.descriptor = descriptor
        self.window = window
    }

    /// Notes `count` bytes written; at each window's end, starts its writeback and drops the one before.
    mutating func wrote(_ count: Int) {
        written += count
        guard written - started >= window else { return }
        // The window before this one has had a whole window's encoding to reach the disk.
        if started > dropped {
            intake_drop_written(descriptor, Int64(dropped), Int64(started - dropped))
            dropped = started
        }
        intake_start_writeback(descriptor, Int64(started), Int64(written - started))
        started = written
    }
}
