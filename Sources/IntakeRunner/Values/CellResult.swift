/// The outcome of coercing one cell.
public enum CellResult: Sendable, Equatable {
    /// The canonical value.
    case value(String)
    /// The cell is empty (or blank, or mapped to ""): the attribute's default applies.
    case empty
    /// The cell is rejected with a code and a one-sentence reason that may quote the value.
    case invalid(RejectCode, String)
}
