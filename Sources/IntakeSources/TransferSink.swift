import Foundation
import IntakeSpec

/// Receives one response: its status and headers, and its body streamed into a `.part` file
/// (hashed on the way, stopped at the size limit) or, for listings and error bodies, kept in memory.
final class TransferSink {
    /// Error bodies and listings are read into memory up to this size; the rest is dropped.
    static let memoryCap = 4 << 20

    private let file: FileHandle?
    private let limit: Int64
    private var digest = DigestBuilder()
    /// The last response's status code (0 for SFTP, which has none).
    private(set) var status = 0
    /// The last response's headers, names in lower case.
    private(set) var headers: [String: String] = [:]
    /// Bytes of the body written to the file.
    private(set) var bytes: Int64 = 0
    /// The body, when kept in memory (no file, or an error status).
    private(set) var memory = Data()
    /// Whether the body passed the size limit, which aborted the transfer.
    private(set) var overLimit = false
    /// Why writing the file failed, if it did.
    private(set) var writeError: String?

    /// A sink writing to `file`, or to memory when nil.
    init(file: FileHandle?, limit: Int64) {
        self.file = file
        self.limit = limit
    }

    /// `sha256:` of the bytes written to the file.
    func sha256() -> String { digest.finalize() }

    /// One header line; a status line starts a new response (after a redirect, say).
    func header(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
            headers = [:]
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].lowercased()
            headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Whether an in-memory body went past `memoryCap` and was cut.
    private(set) var truncated = false

    /// A chunk of body; false stops the transfer.
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard let file, status < 400 else {
            if memory.count + chunk.count > Self.memoryCap { truncated = true }
            if memory.count < Self.memoryCap { memory.append(contentsOf: chunk.prefix(Self.memoryCap - memory.count)) }
            return true
        }
        bytes += Int64(chunk.count)
        if bytes > limit {
            overLimit = true
            return false
        }
        digest.update(chunk)
        do {
            try file.write(contentsOf: chunk)
        } catch {
            writeError = error.localizedDescription
            return false
        }
        return true
    }

    /// The libcurl callbacks; the context is this sink, unretained (the transfer keeps it alive).
    static let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
        return sink.write(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
    }

    static let headerCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<TransferSink>.fromOpaque(context).takeUnretainedValue()
        let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
        sink.header(String(decoding: bytes, as: UTF8.self))
        return size * count
    }
}
