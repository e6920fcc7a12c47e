import Foundation
import IntakeSpec

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes of a CSV input, one chunk at a time, hashed as they pass so the file is read once.
final class CSVByteSource {
    private enum Backing {
        case file(descriptor: Int32, path: String)
        case memory(Data, offset: Int)
        case finished
    }

    /// The current chunk; valid for `count` bytes until the next `refill()`.
    let buffer: UnsafeMutablePointer<UInt8>
    /// Bytes of the current chunk.
    private(set) var count = 0
    private let chunkSize: Int
    private var backing: Backing
    private var digest = DigestBuilder()
    /// Bytes read so far.
    private(set) var bytesRead = 0
    /// The input's size when known up front (a regular file, or bytes in memory).
    let totalBytes: Int?
    /// Called after each chunk is read; once per chunk keeps it free on million-row files.
    var onChunk: (() -> Void)?

    /// Opens a file for reading.
    init(url: URL, chunkSize: Int) throws(CSVError) {
        let path = url.path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw CSVError(kind: .io, message: "cannot open '\(path)': \(Self.errorText())", line: 0)
        }
        self.chunkSize = max(1, chunkSize)
        buffer = .allocate(capacity: self.chunkSize)
        backing = .file(descriptor: descriptor, path: path)
        var status = stat()
        totalBytes = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : nil
    }

    /// Reads from memory; chunked like a file so both paths share the parser.
    init(data: Data, chunkSize: Int) {
        self.chunkSize = max(1, chunkSize)
        buffer = .allocate(capacity: self.chunkSize)
        backing = .memory(data, offset: 0)
        totalBytes = data.count
    }

    deinit {
        closeFile()
        buffer.deallocate()
    }

    /// Replaces the buffer with the next chunk; false at the end of the input.
    func refill() throws(CSVError) -> Bool {
        count = 0
        switch backing {
        case .finished:
            return false
        case .memory(let data, let offset):
            let n = min(chunkSize, data.count - offset)
            guard n > 0 else {
                backing = .finished
                return false
            }
            let start = data.startIndex + offset
            data.copyBytes(to: buffer, from: start..<(start + n))
            backing = .memory(data, offset: offset + n)
            count = n
        case .file(let descriptor, let path):
            var n = 0
            repeat { n = read(descriptor, buffer, chunkSize) } while n < 0 && errno == EINTR
            if n < 0 {
                let text = Self.errorText()
                closeFile()
                throw CSVError(kind: .io, message: "cannot read '\(path)': \(text)", line: 0)
            }
            guard n > 0 else {
                closeFile()
                return false
            }
            count = n
        }
        digest.update(UnsafeRawBufferPointer(start: buffer, count: count))
        bytesRead += count
        onChunk?()
        return true
    }

    /// Reads the rest of the input into the digest only, so a reader that stopped early still hashes every byte.
    func drain() {
        while (try? refill()) == true {}
    }

    /// `sha256:<hex>` of every byte read so far.
    var sha256: String { digest.finalize() }

    private func closeFile() {
        if case .file(let descriptor, _) = backing {
            _ = close(descriptor)
        }
        backing = .finished
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
