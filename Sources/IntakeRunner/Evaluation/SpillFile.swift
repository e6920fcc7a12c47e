import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file that a run sets rows or changes aside in, appended to and read back.
///
/// The file is unlinked as soon as it is open: customer data never outlives the run, even one
/// that is killed, and no other user can open it (mode 0600).
final class SpillFile: @unchecked Sendable {
    /// Why data could not be set aside or read back.
    struct Failure: Error {
        /// What went wrong, naming the directory.
        let message: String
    }

    /// The temporary directory the file was made in.
    let directory: String
    /// The file's open descriptor.
    let descriptor: Int32
    /// Bytes written so far; the next write goes there.
    private(set) var end = 0
    /// What the file holds (`rows`, `changes`), for messages.
    let holding: String

    /// Opens a new, already unlinked file in `directory` for `holding` (`rows`, `changes`).
    init(directory: URL, holding: String) throws(Failure) {
        self.directory = directory.path
        self.holding = holding
        var opened: Int32 = -1
        for _ in 0..<16 where opened < 0 {
            let path = directory.appendingPathComponent("intake-\(holding)-\(UInt64.random(in: 0...UInt64.max)).tmp").path
            opened = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened >= 0 {
                // A name left behind would leave customer data on disk after the run.
                guard unlink(path) == 0 else {
                    let failure = Self.failure("remove the file for the \(holding) from", directory.path)
                    close(opened)
                    throw failure
                }
            } else if errno != EEXIST {
                throw Self.failure("create a file for the \(holding) in", directory.path)
            }
        }
        guard opened >= 0 else { throw Self.failure("create a file for the \(holding) in", directory.path) }
        descriptor = opened
    }

    deinit { close(descriptor) }

    /// Appends `buffer` to the file and empties it, keeping its capacity.
    func flush(_ buffer: inout [UInt8]) throws(Failure) {
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(end + written)) }
            if count < 0 && errno == EINTR { continue }
            guard count != 0 else { throw Failure(message: "could not write \(holding) to the temporary directory '\(directory)': nothing was written") }
            guard count > 0 else { throw Self.failure("write \(holding) to", directory) }
            written += count
        }
        end += written
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Failure) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Self.failure("read \(holding) back from", directory) }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// Stops the process with `message` as error E048, when changes set aside do not read back
    /// while a changeset is written or applied: the file is the run's own, written moments
    /// before, so that is a failing disk, and no reader of the changes could go on with them.
    /// A changeset still being written is removed at exit (`--out` registers it), and an
    /// apply's transaction is rolled back by the store.
    static func abandon(_ message: String) -> Never {
        // Changes are read on several threads at once: the first to fail reports and exits
        // (exit(3) may run once), the others wait here for the process to end.
        abandoning.lock()
        FileHandle.standardError.write(Data("error[E048]: \(message)\n  help: check the disk under TMPDIR, or point TMPDIR at another one\n".utf8))
        exit(1)
    }

    /// Taken by the first `abandon` and never let go.
    private static let abandoning = NSLock()

    /// The failure of `doing` in `directory`, with the system's reason.
    static func failure(_ doing: String, _ directory: String) -> Failure {
        Failure(message: "could not \(doing) the temporary directory '\(directory)': \(String(cString: strerror(errno)))")
    }
}
