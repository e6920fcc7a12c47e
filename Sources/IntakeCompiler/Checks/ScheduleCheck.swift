import IntakeDiagnostics
/// Recurring integrations have a valid cron schedule; one-time ones need none.
struct ScheduleCheck: SpecCheck {
    func check(_ context: CheckContext) {
        let spec = context.spec
        switch (spec.mode.value, spec.schedule) {
        case (.recurring, nil):
            context.emit(
                .scheduleMismatch, "a recurring integration needs a 'schedule'", at: spec.mode.location,
                hint: "add a cron schedule in UTC, e.g. schedule: \"0 3 * * *\" (03:00 daily)")
        case (.oneTime, let schedule?):
            context.emit(
                .scheduleIgnored, "a one-time integration never runs on its 'schedule'", at: schedule.location,
                hint: "remove 'schedule', or set mode: recurring")
        default:
            break
        }
        guard let schedule = spec.schedule else { return }
        do {
            _ = try CronExpression(parsing: schedule.value)
        } catch {
            var location = schedule.location
            // Quoted scalars start one column before their text.
            let quoted = spec.file.line(location.line).map { line in
                Array(line.unicodeScalars).dropFirst(location.column - 1).first.map { $0 == "\"" || $0 == "'" } ?? false
            } ?? false
            // A wrong field count concerns the whole expression: point at its start.
            location.column += (error.fieldIndex == nil ? 0 : error.offset) + (quoted ? 1 : 0)
            context.emit(
                .invalidCron, "invalid cron schedule: \(error.message)", at: location,
                hint: "five fields in UTC: minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\"")
        }
    }
}
