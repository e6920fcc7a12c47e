import IntakeDiagnostics

/// `defaults:` overrides name attributes of the object and follow the model's rules.
struct DefaultsCheck: SpecCheck {
    func check(_ context: CheckContext) {
        guard let kind = context.kind, let catalog = context.catalog else { return }
        // A name given twice never reaches here: the loader refuses duplicate keys.
        for pair in context.spec.defaults {
            let name = pair.key.value
            if let field = kind.systemField(named: name) {
                context.emit(
                    .invalidDefault, "'\(field.name)' is a system field; its empty-cell behaviour is fixed", at: pair.key.location,
                    hint: field.required ? "an empty \(field.name) rejects the row" : "remove this default")
                continue
            }
            guard let attribute = catalog.attributes.first(where: { $0.name.value == name }) else {
                context.emit(
                    .unknownAttribute, "unknown attribute '\(name)' in 'defaults' for object '\(kind.rawValue)'", at: pair.key.location,
                    hint: Suggestions.hint(for: name, in: catalog.attributes.map(\.name.value)))
                continue
            }
            if let problem = DefaultRules.problem(pair.value, for: attribute, configurable: kind.configurableDefaults, owner: kind.rawValue) {
                context.engine.emit(problem)
            }
        }
    }
}
