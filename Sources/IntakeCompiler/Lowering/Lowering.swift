import IntakeSpec

/// Turns a checked spec into a `Plan`. Runs only when the checks found no error.
struct Lowering {
    let context: CheckContext

    func lower() -> Plan? {
        let spec = context.spec
        guard let kind = context.kind, let catalog = context.catalog else { return nil }
        let columns = context.resolvedColumns.map { column(for: $0.column, $0.target, kind: kind) }
        let duplicates: Plan.DuplicatePolicy =
            kind == .usageActivity ? .append : (spec.mode.value == .oneTime ? .fail : .lastWins)
        let limit = spec.maxRejectedRows.map { Self.limit($0.value) } ?? PlanRejectLimit(kind: "count", value: 0)
        let guards = spec.guards.map {
            PlanGuards(
                maxChanged: $0.maxChanged.map { Self.limit($0.value) }, maxDeletedValues: $0.maxDeletedValues?.value,
                allowNewRecords: $0.allowNewRecords?.value, specLine: $0.location.line)
        }
        return Plan(
            planVersion: Plan.formatVersion,
            integration: spec.name.value,
            object: kind,
            collection: spec.collection?.value,
            mode: spec.mode.value.rawValue,
            // A one-time integration never runs on its schedule (W002), so the plan leaves it out.
            schedule: spec.mode.value == .oneTime ? nil : spec.schedule.flatMap { try? CronExpression(parsing: $0.value).normalized },
            source: spec.source.map(PlanSourceLowering.lower),
            csv: PlanCSV(
                delimiter: spec.csv.delimiter?.value ?? ",", encoding: "utf-8",
                footer: spec.csv.footer?.value.rawValue ?? CSVOptions.Footer.reject.rawValue, maxColumns: 1000),
            key: kind.key,
            duplicates: duplicates,
            guards: guards,
            unmapped: spec.unmapped?.value.rawValue ?? UnmappedPolicy.error.rawValue,
            usageColumns: kind == .usageAggregated ? (spec.usageColumns?.value ?? .listed).rawValue : nil,
            maxRejectedRows: limit,
            columns: columns,
            rowRules: PlanRowRules(
                oneOf: kind.oneOfGroups, requiredForNew: kind.requiredForNewRecords,
                checkParents: kind == .account, accountMustExist: kind != .account && kind != .totangoUser),
            defaults: catalog.attributes.map { defaultRule(for: $0, kind: kind) },
            digests: PlanDigests(spec: spec.file.digest, model: context.model.file.digest))
    }

    private static func limit(_ value: RejectLimit) -> PlanRejectLimit {
        switch value {
        case .count(let n): PlanRejectLimit(kind: "count", value: Double(n))
        case .percent(let p): PlanRejectLimit(kind: "percent", value: p)
        }
    }

    private func column(for column: ColumnMapping, _ target: ResolvedTarget, kind: ObjectKind) -> PlanColumn {
        let (empty, emptyValue): (String, String?) =
            switch target.kind {
            case .system: Self.describe(target.systemField?.empty ?? .delete)
            case .attribute: target.attribute.map { rule in
                let d = defaultRule(for: rule, kind: kind)
                return (d.policy, d.value)
            } ?? ("delete", nil)
            case .usageMetric: ("delete", nil)
            }
        let isList = target.type == .list
        let coercer = Coercer(
            type: target.type,
            trim: column.trim?.value ?? false,
            textCase: column.textCase?.value.rawValue,
            map: column.map.map { pairs in
                pairs.map { pair in
                    // Map targets of lists are stored in the model's casing.
                    let to = isList ? (target.values?.first { $0.caseInsensitiveCompare(pair.value.value) == .orderedSame } ?? pair.value.value) : pair.value.value
                    return Coercer.MapEntry(from: pair.key.value, to: to)
                }
            },
            pattern: column.pattern?.value,
            values: target.values,
            thousands: column.number?.thousands?.value,
            decimal: target.type.isNumeric ? (column.number?.decimal?.value ?? ".") : nil,
            stripCurrency: target.type == .currency,
            formats: target.type == .date ? (column.date.map { $0.formats.map(\.value) }.flatMap { $0.isEmpty ? nil : $0 } ?? ["iso8601"]) : nil,
            timezone: target.type == .date ? (column.date?.timezone?.value ?? "UTC") : nil,
            separator: target.type == .textList || target.type == .userList ? ";" : nil)
        return PlanColumn(
            from: column.from.value, to: target.name, target: target.kind, type: target.type,
            required: target.systemField?.required ?? false, key: kind.key.contains(target.name),
            coercer: coercer, empty: empty, emptyValue: emptyValue, specLine: column.location.line)
    }

    private func defaultRule(for attribute: ModelAttribute, kind: ObjectKind) -> PlanDefault {
        let name = attribute.name.value
        guard kind.configurableDefaults else {
            return PlanDefault(attribute: name, policy: "delete", value: nil, origin: "fixed")
        }
        let override = context.spec.defaults.first { $0.key.value == name }?.value
        let policy = override?.value ?? attribute.defaultPolicy?.value ?? .delete
        let origin = override != nil ? "spec" : "model"
        switch policy {
        case .delete: return PlanDefault(attribute: name, policy: "delete", value: nil, origin: origin)
        case .keep: return PlanDefault(attribute: name, policy: "keep", value: nil, origin: origin)
        case .today: return PlanDefault(attribute: name, policy: "today", value: nil, origin: origin)
        case .value(let v):
            return PlanDefault(attribute: name, policy: "value", value: DefaultRules.canonical(v, attribute), origin: origin)
        }
    }

    private static func describe(_ policy: SystemField.EmptyPolicy) -> (String, String?) {
        switch policy {
        case .reject: ("reject", nil)
        case .delete: ("delete", nil)
        case .value(let v): ("value", v)
        case .today: ("today", nil)
        }
    }
}
