import IntakeDiagnostics
/// Required system fields are mapped, and one of each either-or group (task title/description).
struct RequiredFieldsCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let kind = context.kind else { return }
        let mapped = Set(context.resolvedColumns.map(\.target.name))
        let at = context.spec.columnsLocation ?? context.spec.rootLocation
        for field in kind.systemFields where field.required && !mapped.contains(field.name) {
            context.emit(
                .requiredFieldUnmapped, "required field '\(field.name)' of '\(kind.rawValue)' is not mapped", at: at,
                hint: "add a column: - { from: <CSV header>, to: \(field.name) }")
        }
        for group in kind.oneOfGroups where mapped.isDisjoint(with: group) {
            context.emit(
                .requiredFieldUnmapped, "'\(kind.rawValue)' needs one of \(group.map { "'\($0)'" }.joined(separator: " or ")) mapped",
                at: at, hint: "map a column to \(group[0])")
        }
    }
}
