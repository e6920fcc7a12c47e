/// Why a row was rejected: a stable code for reports, rejects files and the README catalogue.
public enum RejectCode: String, CaseIterable, Sendable, Codable {
    /// A required field is empty.
    case requiredEmpty = "R001"
    /// An id has a character other than a letter, digit, `_` or `-`, or a user id is neither an id nor an email.
    case invalidID = "R002"
    /// A number or currency value is not a plain decimal.
    case invalidNumber = "R003"
    /// A date matches none of the declared formats, or names a local time that does not exist.
    case invalidDate = "R004"
    /// A date reads as different instants under two declared formats, or falls in a clock-change overlap.
    case ambiguousDate = "R005"
    /// A list value is not one of the attribute's values.
    case notInList = "R006"
    /// An email address is not valid.
    case invalidEmail = "R007"
    /// A value does not fully match the column's `pattern`.
    case patternMismatch = "R008"
    /// A row has a different number of fields than the header.
    case fieldCount = "R009"
    /// `parent_id` names an account in neither the store nor the file.
    case unknownParent = "R010"
    /// `parent_id` would make the account hierarchy cyclic.
    case parentCycle = "R011"
    /// The row names an account in neither the store nor the file.
    case unknownAccount = "R012"
    /// A field required only for a new record is empty.
    case missingForNew = "R013"
    /// `manager_id` names no known Totango user.
    case unknownManager = "R014"
    /// Every field of a one-of group is empty.
    case oneOfEmpty = "R015"
    /// A cell is not valid UTF-8.
    case invalidEncoding = "R016"

    /// One line describing the code, for the README catalogue.
    public var summary: String {
        switch self {
        case .requiredEmpty: "a required field is empty"
        case .invalidID: "an id has characters other than letters, digits, _ and -, or a user id is neither such an id nor an email address"
        case .invalidNumber: "a number or currency is not a plain decimal (separators only as declared; no exponents, NaN or infinity)"
        case .invalidDate: "a date matches none of the declared formats, or names a local time skipped by a clock change"
        case .ambiguousDate: "a date reads as different instants under two declared formats, or names a local time that occurs twice"
        case .notInList: "a list value is not one of the attribute's values (compared case-insensitively)"
        case .invalidEmail: "an email address is not valid"
        case .patternMismatch: "a value does not fully match the column's pattern"
        case .fieldCount: "a row has a different number of fields than the header"
        case .unknownParent: "parent_id names an account in neither the store nor the file"
        case .parentCycle: "parent_id would make the account hierarchy cyclic"
        case .unknownAccount: "the row names an account in neither the store nor the file"
        case .missingForNew: "a field required for a new record is empty (a Totango user's first_name, last_name, license)"
        case .unknownManager: "manager_id names no known Totango user"
        case .oneOfEmpty: "every field of a one-of group is empty (a task's title and description, a touchpoint's subject and content)"
        case .invalidEncoding: "a cell is not valid UTF-8"
        }
    }
}
