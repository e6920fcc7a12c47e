/// Values and characters as reject reasons quote them: short, visible, unambiguous.
enum Quote {
    /// Longer values are cut so one bad cell cannot flood a report.
    static let limit = 60

    /// `'value'`, cut to `limit` characters with an ellipsis.
    static func value(_ value: some StringProtocol) -> String {
        guard value.utf8.count > limit, value.count > limit else { return "'\(value)'" }
        return "'\(value.prefix(limit))…'"
    }

    /// A character named so that invisible and look-alike characters are identifiable.
    static func character(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case " ": return "a space"
        case "\t": return "a tab"
        case "\n", "\r": return "a line break"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return scalar.isASCII && !scalar.properties.isWhitespace && scalar.value >= 0x21 ? "'\(scalar)'" : "'\(scalar)' (\(code))"
        }
    }
}
