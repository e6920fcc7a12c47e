/// Text made safe for a Markdown table cell or list item.
enum MarkdownText {
    /// Escapes pipes, folds line breaks, and turns backticks and `<` harmless, so file values cannot break the layout.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "`", with: "'")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}
