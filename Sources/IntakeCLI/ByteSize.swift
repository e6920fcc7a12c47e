import Foundation
import ArgumentParser

/// A size given on the command line: a whole number of bytes, or with K, M or G (KiB, MiB, GiB).
struct ByteSize: ExpressibleByArgument, Equatable {
    /// The size in bytes.
    let bytes: Int

    /// Reads `512M`, `2G`, `64KiB`, `4096`: digits, then K, M or G, then an optional `B` or `iB`.
    init?(argument: String) {
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") { text = text.dropLast(2) } else if text.hasSuffix("B") { text = text.dropLast() }
        let shift = switch text.last {
        case "K": 10
        case "M": 20
        case "G": 30
        default: 0
        }
        if shift > 0 { text = text.dropLast() }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let count = Int(text), count > 0, count <= Int.max >> shift else { return nil }
        bytes = count << shift
    }
}

extension Character {
    /// Whether this is one of 0–9.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
