import Crypto
import Foundation

/// A file's path (relative to the project) and its text, kept for digests and diagnostic excerpts.
public struct SourceFile: Sendable, Hashable {
    /// Path relative to the project root.
    public var path: String
    /// The file's text.
    public var text: String

    /// Creates a source file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// `sha256:<hex>` of the file's UTF-8 bytes.
    public var digest: String { Digest.sha256(Data(text.utf8)) }

    /// The 1-based line, without its line break, or nil when out of range.
    public func line(_ number: Int) -> String? {
        let lines = Self.lines(of: text)
        return number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The lines of a text split the way libyaml counts them, so line numbers agree with its marks:
    /// LF, CRLF, CR, NEL, LS and PS each end a line.
    public static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = scalar == "\r"
            if ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }
}

/// SHA-256 digests in the `sha256:<hex>` form used in plans, changesets and run history.
public enum Digest {
    /// The digest of some bytes.
    public static func sha256(_ data: Data) -> String {
        var builder = DigestBuilder()
        builder.update(data)
        return builder.finalize()
    }
}

/// An incremental SHA-256, for files read in chunks and for record sets.
public struct DigestBuilder {
    private var hasher = SHA256()

    /// A fresh digest.
    public init() {}

    /// Adds bytes.
    public mutating func update(_ data: Data) { hasher.update(data: data) }

    /// Adds bytes from a buffer.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(bufferPointer: buffer) }

    /// Adds a string's UTF-8 bytes, without copying them into a `Data` first.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest's first 128 bits, as two little-endian words: a fingerprint, not a name.
    public func finalizeWords() -> (UInt64, UInt64) {
        hasher.finalize().withUnsafeBytes { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// `sha256:<hex>`.
    public func finalize() -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in hasher.finalize() {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return "sha256:" + String(decoding: out, as: UTF8.self)
    }
}
