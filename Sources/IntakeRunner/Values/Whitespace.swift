/// Unicode whitespace at the ends of cells, checked byte-wise first because almost no cell has any.
enum Whitespace {
    /// `value` without leading and trailing Unicode whitespace.
    static func trimmed(_ value: String) -> String {
        guard needsTrimCheck(value.utf8.first, value.utf8.last) else { return value }
        let trimmed = trimmed(value[...])
        return trimmed.utf8.count == value.utf8.count ? value : String(trimmed)
    }

    /// `value` without leading and trailing Unicode whitespace.
    static func trimmed(_ value: Substring) -> Substring {
        guard needsTrimCheck(value.utf8.first, value.utf8.last) else { return value }
        let scalars = value.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { scalars.formIndex(after: &start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { scalars.formIndex(before: &end) }
        // Slicing the scalar view keeps cuts between a space and a combining mark exact (String slicing would round).
        return Substring(scalars[start..<end])
    }

    /// Whether `value` is non-empty and all whitespace.
    static func isBlank(_ value: String) -> Bool {
        // A blank cell starts with whitespace, so a printable ASCII first byte settles the common case.
        guard let first = value.utf8.first, !(0x21...0x7E).contains(first) else { return false }
        return value.unicodeScalars.allSatisfy(isSpace)
    }

    /// Unicode's White_Space set, spelled out: the property lookup costs more than the rest of a cell's coercion.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether the first or last byte could belong to whitespace: printable ASCII at both ends rules it out.
    private static func needsTrimCheck(_ first: UInt8?, _ last: UInt8?) -> Bool {
        guard let first, let last else { return false }
        return !(0x21...0x7E).contains(first) || !(0x21...0x7E).contains(last)
    }
}
