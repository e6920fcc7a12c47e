
/// The rule for integration names, which are also file names.
public enum IntegrationName {
    /// Whether `name` may name an integration.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45 || b == 46
        }
    }
}
