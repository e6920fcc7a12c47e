import Foundation

/// Keys in UTF-8 byte order written to a temporary file (`SpillFile`) as they come, each found
/// there through its block's fence (`KeyFences`) and one read of that block: an index of ten
/// million keys that holds 160 thousand of them in memory.
///
/// Appended to, then `finish`ed, then searched, from one thread at a time (`indices(of:)` then
/// searches on every core, each keeping the block it read last: searches in the order of
/// `KeyFences.searchOrder` land in the same block one after another).
final class DiskKeys: KeyIndex, @unchecked Sendable {
    private let file: SpillFile
    private var pending: [UInt8] = []
    private var fenceKeys: [String] = []
    /// Where each block starts in the file.
    private var blockStarts: [Int] = []
    private var lastKey = ""
    private var fences: KeyFences?
    /// Keys appended.
    private(set) var count = 0
    /// The file's descriptor, for tests to cut it short.
    var descriptorForTests: Int32 { file.descriptor }
    /// Searches one key at a time.
    private var searcher = Searcher()

    /// Opens a new, already unlinked file in `directory`.
    init(directory: URL) throws(SpillFile.Failure) {
        file = try SpillFile(directory: directory, holding: "keys")
    }

    /// Appends `key`, which sorts after every key before it.
    func append(_ key: String) throws(SpillFile.Failure) {
        precondition(fences == nil, "a key appended after the keys were finished")
        if count % KeyFences.block == 0 {
            fenceKeys.append(key)
            blockStarts.append(file.end + pending.count)
        }
        var key = key
        key.withUTF8 { bytes in
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { pending.append(contentsOf: $0) }
            pending.append(contentsOf: bytes)
        }
        lastKey = key
        count += 1
        if pending.count >= 1 << 20 { try file.flush(&pending) }
    }

    /// Writes what is pending; the keys can be searched after.
    func finish() throws(SpillFile.Failure) {
        try file.flush(&pending)
        pending = []
        fences = KeyFences(fenceKeys, first: fenceKeys.first ?? "", last: lastKey)
    }

    func index(of key: String) throws(SpillFile.Failure) -> Int? {
        try searcher.index(of: key, in: self)
    }

    /// On every core, each searching a contiguous part of the keys in `KeyFences.searchOrder`.
    func indices(of keys: Reference.Values) throws(SpillFile.Failure) -> [Int32] { try search(keys) }

    /// `index(of:)` of each of `keys`, -1 where it is none of them.
    func indices(of keys: [String]) throws(SpillFile.Failure) -> [Int32] { try search(keys) }

    private func search<Keys: RandomAccessCollection<String> & Sendable>(_ keys: Keys) throws(SpillFile.Failure) -> [Int32] where Keys.Index == Int {
        guard let fences else { preconditionFailure("keys searched before they were finished") }
        let order = fences.searchOrder(of: keys)
        let parts = order.count < 8_192 ? 1 : Parallel.threads * 4
        return try SearchResults.run(order, count: keys.count, parts: parts) { ranks, results throws(SpillFile.Failure) in
            var searcher = Searcher()
            for rank in ranks {
                let position = KeyFences.position(order[rank])
                results.set(position, try searcher.index(of: keys[position], inBlock: KeyFences.block(order[rank]), in: self))
            }
        }
    }

    /// Searches keys, keeping the block it read last.
    private struct Searcher {
        var cachedBlock = -1
        var cachedKeys: [String] = []
        var buffer: [UInt8] = []

        mutating func index(of key: String, in keys: DiskKeys) throws(SpillFile.Failure) -> Int? {
            guard let fences = keys.fences else { preconditionFailure("keys searched before they were finished") }
            return try index(of: key, inBlock: fences.last(notAfter: key), in: keys)
        }

        /// The index of `key`, searched in the block that would hold it (-1 for none).
        mutating func index(of key: String, inBlock fence: Int, in keys: DiskKeys) throws(SpillFile.Failure) -> Int? {
            guard fence >= 0 else { return nil }
            let found = try block(fence, of: keys)
            let low = ByteOrder.firstIndex(notBefore: key, in: found.indices) { found[$0] }
            // Bytes, as the store compares keys: canonically equal spellings are different keys.
            return low < found.count && ByteOrder.equal(found[low], key) ? fence * KeyFences.block + low : nil
        }

        /// The keys of block `index`, read from the file unless it was the last one read.
        private mutating func block(_ index: Int, of keys: DiskKeys) throws(SpillFile.Failure) -> [String] {
            if index == cachedBlock { return cachedKeys }
            let file = keys.file
            let start = keys.blockStarts[index]
            let end = index + 1 < keys.blockStarts.count ? keys.blockStarts[index + 1] : file.end
            if buffer.count < end - start { buffer = [UInt8](repeating: 0, count: end - start) }
            let read = buffer.withUnsafeMutableBytes { raw -> Result<Int, SpillFile.Failure> in
                do throws(SpillFile.Failure) {
                    return .success(try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<(end - start)]), at: start))
                } catch {
                    return .failure(error)
                }
            }
            guard try read.get() == end - start else {
                throw SpillFile.Failure(message: "keys set aside in the temporary directory '\(file.directory)' were cut short")
            }
            var found: [String] = []
            found.reserveCapacity(KeyFences.block)
            // Lengths are checked against the block: a damaged file fails, never reads past it.
            let whole = buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset + 4 <= end - start {
                    let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    guard length <= end - start - offset - 4 else { return false }
                    found.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 4 + length)]), as: UTF8.self))
                    offset += 4 + length
                }
                return offset == end - start
            }
            guard whole else { throw SpillFile.Failure(message: "keys set aside in the temporary directory '\(file.directory)' do not read back") }
            (cachedBlock, cachedKeys) = (index, found)
            return found
        }
    }
}
