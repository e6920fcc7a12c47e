
/// The id rule of the reference: letters, digits, `_` and `-` only.
public enum IDRules {
    /// Whether `text` is a valid id.
    public static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
        }
    }
}
