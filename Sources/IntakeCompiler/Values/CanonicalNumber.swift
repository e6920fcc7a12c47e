
/// Canonical decimals: no grouping, no leading `+`, no superfluous zeros (`-1000.5`).
public enum CanonicalNumber {
    /// The canonical form of a plain decimal, or nil when the text is not one.
    public static func canonical(_ text: String) -> String? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts.count == 1 || !parts[1].isEmpty
        else { return nil }
        var whole = String(parts[0].drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.last == "0" { fraction.removeLast() }
        let body = fraction.isEmpty ? whole : "\(whole).\(fraction)"
        return negative && body != "0" ? "-" + body : body
    }
}
