import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluated rows set aside in a temporary file, in key-sorted runs, once they outgrow the
/// memory budget; `SpilledRows` reads them back merged in `RowOrder`.
///
/// The file is unlinked as soon as it is open: rows of customer data never outlive the run,
/// even one that is killed, and no other user can open it (mode 0600).
final class RowSpill {
    /// Why rows could not be set aside or read back.
    struct Failure: Error {
        /// What went wrong, naming the directory.
        let message: String
    }

    /// The temporary directory the file was made in.
    let directory: String
    /// Each run's bytes in the file, in the order written.
    private(set) var runs: [Range<Int>] = []
    /// Rows written, over all runs.
    private(set) var rowCount = 0
    private let descriptor: Int32
    private var end = 0

    /// Opens a new, already unlinked file in `directory`.
    init(directory: URL) throws(Failure) {
        self.directory = directory.path
        var opened: Int32 = -1
        for _ in 0..<16 where opened < 0 {
            let path = directory.appendingPathComponent("intake-rows-\(UInt64.random(in: 0...UInt64.max)).tmp").path
            opened = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened >= 0 {
                // A name left behind would leave customer rows on disk after the run.
                guard unlink(path) == 0 else {
                    let failure = Self.failure("remove its file from", directory.path)
                    close(opened)
                    throw failure
                }
            } else if errno != EEXIST {
                throw Self.failure("create a file in", directory.path)
            }
        }
        guard opened >= 0 else { throw Self.failure("create a file in", directory.path) }
        descriptor = opened
    }

    deinit { close(descriptor) }

    /// Writes `rows`, already in `RowOrder`, as one run.
    func write(_ rows: [EvaluatedRow]) throws(Failure) {
        let start = end
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for row in rows {
            Self.encode(row, into: &buffer)
            if buffer.count >= 1 << 20 { try flush(&buffer) }
        }
        try flush(&buffer)
        runs.append(start..<end)
        rowCount += rows.count
    }

    /// `[line: UInt64][key count: UInt32][key][values count: UInt32][values]`, little-endian.
    private static func encode(_ row: EvaluatedRow, into buffer: inout [UInt8]) {
        append(UInt64(row.line), to: &buffer)
        var key = row.key
        key.withUTF8 { bytes in
            append(UInt32(bytes.count), to: &buffer)
            buffer.append(contentsOf: bytes)
        }
        row.values.withPacked { bytes in
            append(UInt32(bytes.count), to: &buffer)
            buffer.append(contentsOf: bytes)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private func flush(_ buffer: inout [UInt8]) throws(Failure) {
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, $0.count - written, off_t(end + written)) }
            if count < 0 && errno == EINTR { continue }
            guard count != 0 else { throw Failure(message: "could not write rows to the temporary directory '\(directory)': nothing was written") }
            guard count > 0 else { throw Self.failure("write rows to", directory) }
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
            guard count >= 0 else { throw Self.failure("read rows back from", directory) }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    private static func failure(_ doing: String, _ directory: String) -> Failure {
        Failure(message: "could not \(doing) the temporary directory '\(directory)': \(String(cString: strerror(errno)))")
    }
}
