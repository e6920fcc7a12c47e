import Foundation
import ArgumentParser

/// A size given on the command line: a whole number of bytes, or with K, M or G (KiB, MiB, GiB).
struct ByteSize: ExpressibleByArgument, Equatable {
    /// The size in bytes.
    let bytes: Int

    init?(argument: String) {
        let text = argument.uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let shift = switch text.last {
        case "K": 10
        case "M": 20
        case "G": 30
        default: 0
        }
        guard let count = Int(shift == 0 ? text : String(text.dropLast())), count > 0, count <= Int.max >> shift else { return nil }
        bytes = count << shift
    }
}
