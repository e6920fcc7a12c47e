/// The nine Totango file types (DESIGN §5).
public enum ObjectKind: String, Sendable, Codable, CaseIterable {
    /// Customer accounts.
    case account
    /// Users (contacts) of an account.
    case user
    /// Rows of a model collection, such as opportunities.
    case collection
    /// Activity events, appended.
    case usageActivity = "usage.activity"
    /// Daily usage per account, user and day.
    case usageAggregated = "usage.aggregated"
    /// Totango's own system users.
    case totangoUser = "totango_user"
    /// Who holds which role on an account.
    case accountAssignment = "account_assignment"
    /// Tasks.
    case task
    /// Touchpoints (calls, meetings, emails).
    case touchpoint

    /// The fields that identify a record; empty for appended events.
    public var key: [String] {
        switch self {
        case .account: ["account_id"]
        case .user: ["account_id", "user_id"]
        case .collection: ["collection_id"]
        case .usageActivity: []
        case .usageAggregated: ["account_id", "user_id", "date"]
        case .totangoUser: ["email"]
        case .accountAssignment: ["account_id", "role_id"]
        case .task: ["task_id"]
        case .touchpoint: ["touchpoint_id"]
        }
    }

    /// The system fields, in the reference's column order.
    public var systemFields: [SystemField] {
        switch self {
        case .account:
            [.init("account_id", .id, required: true), .init("account_name", .text), .init("parent_id", .id)]
        case .user:
            [.init("user_id", .userID, required: true), .init("account_id", .id, required: true)]
        case .collection:
            [.init("collection_id", .id, required: true), .init("account_id", .id, required: true)]
        case .usageActivity:
            [
                .init("user_id", .userID, required: true), .init("account_id", .id, required: true),
                .init("module", .text, required: true), .init("action", .text, required: true),
                .init("count", .number, empty: .value("1")), .init("date", .date, empty: .today),
            ]
        case .usageAggregated:
            [
                .init("account_id", .id, required: true), .init("user_id", .userID), .init("date", .date, empty: .today),
                .init("daily_active_users", .number), .init("daily_total_activities", .number),
                .init("daily_time_spent_minutes", .number),
            ]
        case .totangoUser:
            [
                .init("email", .email, required: true), .init("first_name", .text), .init("last_name", .text),
                .init("license", .list, values: .licenses), .init("manager_id", .email),
            ]
        case .accountAssignment:
            [
                .init("account_id", .id, required: true), .init("role_id", .list, required: true, values: .roles),
                .init("user_email", .email, required: true), .init("user_name", .text),
            ]
        case .task:
            [
                .init("task_id", .id, required: true), .init("account_id", .id, required: true),
                .init("title", .text), .init("description", .text), .init("successflow", .text),
                .init("priority", .list, values: .taskPriorities), .init("status", .list, values: .taskStatuses),
                .init("estimated_effort", .number), .init("actual_effort", .number), .init("assigner", .userID),
                .init("assignee", .userID), .init("create_date", .date), .init("due_date", .date),
                .init("last_update_date", .date), .init("associated_users", .userList),
            ]
        case .touchpoint:
            [
                .init("touchpoint_id", .id, required: true), .init("account_id", .id, required: true),
                .init("subject", .text), .init("content", .text), .init("successflow", .text),
                .init("type", .list, values: .touchpointTypes), .init("tags", .textList),
                .init("participants", .userList), .init("date", .date), .init("last_update_date", .date),
                .init("last_updater", .userID),
            ]
        }
    }

    /// Groups of fields of which at least one must be mapped (and non-empty in each row).
    public var oneOfGroups: [[String]] {
        switch self {
        case .task: [["title", "description"]]
        case .touchpoint: [["subject", "content"]]
        default: []
        }
    }

    /// Fields that must be non-empty only when the record is new to the store.
    public var requiredForNewRecords: [String] {
        self == .totangoUser ? ["first_name", "last_name", "license"] : []
    }

    /// Which model attributes the object carries.
    public var attributeSource: AttributeSource {
        switch self {
        case .account: .account
        case .user: .user
        case .collection: .collection
        case .usageAggregated: .usageMetrics
        default: .none
        }
    }

    /// Whether the object's attributes may choose a default other than delete (accounts only).
    public var configurableDefaults: Bool { self == .account }

    /// Where an object's attributes come from.
    public enum AttributeSource: Sendable {
        /// The model's account attributes.
        case account
        /// The model's user attributes.
        case user
        /// The named collection's attributes.
        case collection
        /// `Module##Action` columns.
        case usageMetrics
        /// System fields only.
        case none
    }

    /// The system field of that name.
    public func systemField(named name: String) -> SystemField? {
        systemFields.first { $0.name == name }
    }
}

/// A snake_case system field of an object kind.
public struct SystemField: Sendable, Equatable {
    /// What an empty cell does to a system field.
    public enum EmptyPolicy: Sendable, Equatable {
        /// The row is rejected (required fields).
        case reject
        /// The stored value is cleared.
        case delete
        /// A fixed value.
        case value(String)
        /// The run's as-of date.
        case today
    }

    /// A model enumeration a list field draws its values from.
    public enum ValueSource: String, Sendable, Equatable {
        case roles, licenses, taskPriorities = "task.priorities", taskStatuses = "task.statuses"
        case touchpointTypes = "touchpoint.types"
    }

    /// The field's name.
    public var name: String
    /// Its type.
    public var type: FieldType
    /// Whether every spec must map it.
    public var required: Bool
    /// What an empty cell does.
    public var empty: EmptyPolicy
    /// For list fields, where the allowed values come from.
    public var values: ValueSource?

    init(_ name: String, _ type: FieldType, required: Bool = false, empty: EmptyPolicy? = nil, values: ValueSource? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.empty = empty ?? (required ? .reject : .delete)
        self.values = values
    }
}
