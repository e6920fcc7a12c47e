import Foundation

/// Finds the first byte that is not valid UTF-8, so the error can name its line and column.
enum UTF8Check {
    /// The byte offset of the first invalid sequence, or nil when all of `data` is valid.
    static func firstInvalidOffset(in data: Data) -> Int? {
        var decoder = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch decoder.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error(let length): _ = length; return offset
            }
        }
    }

    /// The 1-based line and column (in scalars) of a byte offset in valid UTF-8 `data`.
    static func position(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(offset)
        let text = String(decoding: prefix, as: UTF8.self)
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
