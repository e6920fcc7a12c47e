/// Unicode whitespace at the ends of cells, checked byte-wise first because almost no cell has any.
enum Whitespace {
    /// `value` without leading and trailing Unicode whitespace.
    static func trimmed(_ value: String) -> String {
        guard needsTrimCheck(value.utf8.first, value.utf8.last) else { return value }
        let trimmed = trimmed(value[...])
        return trimmed.count == value.count ? value : String(trimmed)
    }

    /// `value` without leading and trailing Unicode whitespace.
    static func trimmed(_ value: Substring) -> Substring {
        guard needsTrimCheck(value.utf8.first, value.utf8.last) else { return value }
        let scalars = value.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { scalars.formIndex(after: &start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { scalars.formIndex(before: &end) }
        // Slicing the scalar view keeps cuts between a space and a combining mark exact (String slicing would round).
        return Substring(scalars[start..<end])
    }

    /// Whether `value` is non-empty and all whitespace.
    static func isBlank(_ value: String) -> Bool {
        guard needsTrimCheck(value.utf8.first, value.utf8.first) else { return false }
        return value.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }

    /// Whether the first or last byte could belong to whitespace: printable ASCII at both ends rules it out.
    private static func needsTrimCheck(_ first: UInt8?, _ last: UInt8?) -> Bool {
        guard let first, let last else { return false }
        return !(0x21...0x7E).contains(first) || !(0x21...0x7E).contains(last)
    }
}
