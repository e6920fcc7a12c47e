import Foundation

/// Evaluated rows set aside in a temporary file (`SpillFile`), in key-sorted runs, once they
/// outgrow the memory budget; `SpilledRows` reads them back merged in `RowOrder`.
final class RowSpill {
    /// Why rows could not be set aside or read back.
    typealias Failure = SpillFile.Failure

    /// The temporary directory the file was made in.
    var directory: String { file.directory }
    /// What the file holds (`rows`, `skeletons`), for messages.
    let holding: String
    /// Each run's bytes in the file, in the order written.
    private(set) var runs: [Range<Int>] = []
    /// Rows written, over all runs.
    private(set) var rowCount = 0
    /// The file, which `SpilledRows` reads.
    let file: SpillFile
    /// The file's descriptor, for tests to damage it.
    var descriptorForTests: Int32 { file.descriptor }

    /// Opens a new, already unlinked file in `directory`, for rows or what `holding` names.
    init(directory: URL, holding: String = "rows") throws(Failure) {
        file = try SpillFile(directory: directory, holding: holding)
        self.holding = holding
    }

    /// Writes `rows`, already in `RowOrder`, as one run.
    func write(_ rows: some Sequence<EvaluatedRow>) throws(Failure) {
        let start = file.end
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var count = 0
        for row in rows {
            count += 1
            Self.encode(row, into: &buffer)
            if buffer.count >= 1 << 20 { try file.flush(&buffer) }
        }
        try file.flush(&buffer)
        runs.append(start..<file.end)
        rowCount += count
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

    /// Reads up to `buffer.count` bytes at `offset`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(Failure) -> Int {
        try file.read(into: buffer, at: offset)
    }
}
