/// Text with position markers (`1️⃣`, `2️⃣`, …) removed, and where each marker stood.
///
/// Columns count Unicode scalars, as libyaml's marks do.
public struct MarkedText {
    /// The markers this helper recognises, in order.
    public static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"]

    /// The text without markers.
    public let text: String
    /// Marker → (line, column), both 1-based.
    public let positions: [String: (line: Int, column: Int)]

    /// Strips the markers from `marked`.
    public init(_ marked: String) {
        var text = ""
        var positions: [String: (Int, Int)] = [:]
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while let c = rest.first {
            for marker in Self.markers where rest.hasPrefix(marker) {
                positions[marker] = (line, column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            text.append(c)
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += String(c).unicodeScalars.count
            }
            rest = rest.dropFirst()
        }
        self.text = text
        self.positions = positions
    }
}
