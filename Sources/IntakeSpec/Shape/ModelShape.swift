/// The key sets of the data model (DESIGN §4), read by the loader and by `intake schema`.
public enum ModelShape {
    /// The model format version this intake reads.
    public static let version = 1

    /// The top level of `model.yaml`.
    public static let model = KeySet(id: "model", what: "the model", keys: [
        .init("model", .version(supported: version), required: true, missingHint: "start the file with 'model: 1'",
              summary: "Model format version; always 1."),
        .init("account", .keys(object), summary: "Account attributes."),
        .init("user", .keys(object), summary: "User attributes."),
        .init("collections", .map(.keys(object)), summary: "Collections by name, each with its attributes."),
        .init("roles", .list(.text), summary: "Account-assignment role ids."),
        .init("licenses", .list(.text), summary: "Totango-user licenses."),
        .init("task", .keys(task)),
        .init("touchpoint", .keys(touchpoint)),
    ])

    /// An object's (or collection's) attributes.
    public static let object = KeySet(id: "object", what: "an object", keys: [
        .init("attributes", .map(.keys(attribute)), summary: "Attributes by exact name."),
    ])

    /// One attribute.
    public static let attribute = KeySet(id: "attribute", what: "an attribute", keys: [
        .init("type", .choice(of: AttributeType.self), required: true, missingHint: "types: text, number, date, list, currency"),
        .init("values", .list(.text), summary: "A list attribute's allowed values."),
        .init("default", defaultPolicy, summary: "What an empty cell does."),
        .init("description", .text),
    ])

    /// `task:`.
    public static let task = KeySet(id: "task", what: "'task'", keys: [
        .init("priorities", .list(.text)),
        .init("statuses", .list(.text)),
    ])

    /// `touchpoint:`.
    public static let touchpoint = KeySet(id: "touchpoint", what: "'touchpoint'", keys: [
        .init("types", .list(.text)),
    ])

    /// `{ value: X }`, a fixed default.
    public static let fixedDefault = KeySet(id: "fixedDefault", what: "a default", keys: [
        .init("value", .text, required: true),
    ])

    /// A default policy: `delete`, `keep`, `today` or `{ value: X }`.
    public static let defaultPolicy = ValueShape.anyOf([.choice(of: DefaultPolicy.Word.self), .keys(fixedDefault)])
}
