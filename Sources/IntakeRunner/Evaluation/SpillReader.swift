/// A range of a `SpillFile` read front to back through a buffer, record by record: the rows'
/// runs (`SpilledRows`) and the parents named (`SpilledReferences`).
struct SpillReader {
    private let file: SpillFile
    private let end: Int
    /// Where the next read goes in the file.
    private var offset: Int
    private var buffer: [UInt8]
    /// Where the current record starts in the buffer, and how many bytes are read into it.
    private var start = 0
    private var filled = 0

    /// A reader at the start of `range`, reading `bufferSize` bytes at a time.
    init(_ file: SpillFile, range: Range<Int>, bufferSize: Int) {
        self.file = file
        end = range.upperBound
        offset = range.lowerBound
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    /// Where the current record starts in the file.
    var position: Int { offset - (filled - start) }

    /// Bytes read past the current record's start.
    var buffered: Int { filled - start }

    /// Whether `count` bytes from the current record's start are in the range (false: it ends
    /// first), reading them in; the buffer grows for a record longer than it, never past the
    /// range (a damaged count asks for no gigabytes). A read that comes back short of the
    /// bytes written is a file cut short.
    mutating func available(_ count: Int) throws(SpillFile.Failure) -> Bool {
        if filled - start >= count { return true }
        guard position + count <= end else { return false }
        if start > 0 {
            let kept = start..<filled
            buffer.withUnsafeMutableBytes { raw in raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[kept])) }
            filled -= start
            start = 0
        }
        if buffer.count < count { buffer.append(contentsOf: repeatElement(0, count: count - buffer.count)) }
        let wanted = min(buffer.count - filled, end - offset)
        let (file, into, from) = (file, filled..<(filled + wanted), offset)
        let read = try buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SpillFile.Failure) in try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[into]), at: from) }
        }.get()
        guard read == wanted else { throw cutShort }
        offset += read
        filled += read
        return true
    }

    /// The integer at `at` bytes past the current record's start (which `available` covered).
    func load<T: FixedWidthInteger>(_ type: T.Type, at: Int) -> T {
        buffer.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start + at, as: T.self)) }
    }

    /// `body` of `count` bytes at `at` past the current record's start.
    func bytes<R>(at: Int, count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(start + at)..<(start + at + count)])) }
    }

    /// Moves past the current record, `count` bytes long.
    mutating func skip(_ count: Int) { start += count }

    /// What a file read back shorter than written says.
    var cutShort: SpillFile.Failure {
        SpillFile.Failure(message: "\(file.holding) set aside in the temporary directory '\(file.directory)' were cut short")
    }

    /// What a file whose records do not add up says.
    var damaged: SpillFile.Failure {
        SpillFile.Failure(message: "\(file.holding) set aside in the temporary directory '\(file.directory)' do not read back")
    }
}
