import Foundation

/// The parents the rows name (`Reference`s, in row order): held in memory, or, for rows set
/// aside, written to a temporary file as they come and read back a part at a time. At ten
/// million rows the parents named were 2.2 million references, 53 MB held and 26 MB more
/// while searched: what a budgeted plan's memory still grew by.
enum ParentReferences {
    case held(Chunks<Reference>)
    case spilled(SpilledReferences)

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
        let damaged = SpillFile.Failure(message: "references set aside in the temporary directory '\(file.directory)' do not read back")
        let cutShort = SpillFile.Failure(message: "references set aside in the temporary directory '\(file.directory)' were cut short")
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var (offset, start, filled) = (0, 0, 0)
        var references = Chunks<Reference>()
        var read = 0
        // Makes `needed` bytes from `start` available; false when the file ends first.
        func available(_ needed: Int) throws(SpillFile.Failure) -> Bool {
            if filled - start >= needed { return true }
            if buffer.count < needed { buffer.append(contentsOf: repeatElement(0, count: needed - buffer.count)) }
            buffer.withUnsafeMutableBytes { raw in raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<filled])) }
            (filled, start) = (filled - start, 0)
            let (file, filledBefore, offsetBefore) = (file, filled, offset)
            let count = try buffer.withUnsafeMutableBytes { raw in
                Result { () throws(SpillFile.Failure) in try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filledBefore...]), at: offsetBefore) }
            }.get()
            (offset, filled) = (offset + count, filled + count)
            return filled >= needed
        }
        func word(_ at: Int) -> UInt32 {
            buffer.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: start + at, as: UInt32.self)) }
        }
        var previous: Int32 = -1
        while read < count {
            guard try available(12) else { throw cutShort }
            let (index, length) = (Int32(bitPattern: word(0)), Int(word(8)))
            // A count past the file's end is damage: no buffer grows for it.
            guard index > previous, index <= lastIndex, offset - (filled - start) + 12 + length <= file.end else { throw damaged }
            guard try available(12 + length) else { throw cutShort }
            previous = index
            let value = buffer.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[(start + 12)..<(start + 12 + length)]), as: UTF8.self) }
            references.append(Reference(index: index, line: Int(word(4)), value: value))
            start += 12 + length
            read += 1
            if references.count == part {
                try body(references)
                references = Chunks()
            }
        }
        guard offset - (filled - start) == file.end else { throw damaged }
        if !references.isEmpty { try body(references) }
    }
}
