import Foundation

/// The parents the rows name (`Reference`s, in row order): held in memory, or, for rows set
/// aside, written to a temporary file as they come and read back a part at a time. At ten
/// million rows the parents named were 2.2 million references, 53 MB held and 26 MB more
/// while searched: what a budgeted plan's memory still grew by.
enum ParentReferences {
    case held(Chunks<Reference>)
    case spilled(SpilledReferences)

    /// Appends `reference`, which comes after every one before it.
    mutating func append(_ reference: Reference) throws(SpillFile.Failure) {
        switch self {
        case .held(var held):
            // Taken out, so the chunks are not copied on append.
            self = .held(Chunks())
            held.append(reference)
            self = .held(held)
        case .spilled(let spilled):
            try spilled.append(reference)
        }
    }

    /// Writes the references set aside, if any; they can be read after.
    func finish() throws(SpillFile.Failure) {
        if case .spilled(let spilled) = self { try spilled.finish() }
    }

    /// `body` of each part of the references in order: all of them at once when held, up
    /// to `part` at a time from the file.
    func forEachPart(_ part: Int, _ body: (Chunks<Reference>) throws -> Void) throws {
        switch self {
        case .held(let references): try body(references)
        case .spilled(let spilled): try spilled.forEachPart(part, body)
        }
    }
}

/// References written to a temporary file (`SpillFile`) in the order taken, each as
/// `[index: Int32][line: UInt32][value count: UInt32][value]`, little-endian.
final class SpilledReferences {
    private let file: SpillFile
    private var pending: [UInt8] = []
    /// References appended.
    private(set) var count = 0
    /// The row index of the last one appended: each comes after the one before.
    private var lastIndex: Int32 = -1
    /// Whether `finish` ran: nothing is appended after.
    private var finished = false

    /// Opens a new, already unlinked file in `directory`.
    init(directory: URL) throws(SpillFile.Failure) {
        file = try SpillFile(directory: directory, holding: "references")
        pending.reserveCapacity(1 << 20)
    }

    /// The file's descriptor, for tests to damage it.
    var descriptorForTests: Int32 { file.descriptor }

    /// Appends `reference`, which comes after every one before it.
    func append(_ reference: Reference) throws(SpillFile.Failure) {
        precondition(!finished, "a reference appended after the file was finished")
        precondition(reference.index > lastIndex, "references appended in row order")
        var value = reference.value
        value.withUTF8 { bytes in
            withUnsafeBytes(of: UInt32(bitPattern: reference.index).littleEndian) { pending.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(reference.line).littleEndian) { pending.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { pending.append(contentsOf: $0) }
            pending.append(contentsOf: bytes)
        }
        lastIndex = reference.index
        count += 1
        if pending.count >= 1 << 20 { try file.flush(&pending) }
    }

    /// Writes what is pending; the references can be read after.
    func finish() throws(SpillFile.Failure) {
        finished = true
        try file.flush(&pending)
        pending = []
    }

    /// `body` of the references in order, `part` at a time, read through a buffer. A file that
    /// does not read back as written (cut short, a count past its end, rows out of order or
    /// past the last) fails with an error where it stops making sense, and the run with it.
    func forEachPart(_ part: Int, _ body: (Chunks<Reference>) throws -> Void) throws {
        precondition(finished, "references read before the file was finished")
        precondition(part > 0, "parts of at least one reference")
        var reader = SpillReader(file, range: 0..<file.end, bufferSize: 1 << 18)
        var references = Chunks<Reference>()
        var previous: Int32 = -1
        for _ in 0..<count {
            guard try reader.available(12) else { throw reader.cutShort }
            let (index, length) = (Int32(bitPattern: reader.load(UInt32.self, at: 0)), Int(reader.load(UInt32.self, at: 8)))
            guard index > previous, index <= lastIndex, try reader.available(12 + length) else { throw reader.damaged }
            previous = index
            let value = reader.bytes(at: 12, count: length) { String(decoding: $0, as: UTF8.self) }
            references.append(Reference(index: index, line: Int(reader.load(UInt32.self, at: 4)), value: value))
            reader.skip(12 + length)
            if references.count == part {
                try body(references)
                references = Chunks()
            }
        }
        guard reader.position == file.end else { throw reader.damaged }
        if !references.isEmpty { try body(references) }
    }
}
