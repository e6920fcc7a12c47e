import Foundation
import IntakeDiagnostics
import IntakeSpec
import IntakeTestSupport
import Testing

@testable import IntakeCompiler

/// Lowering to plans, determinism, and the checks that need more than one inline spec.
@Suite struct CompilerTests {
    static let spec = """
        version: 1
        integration: accounts-crm
        object: account
        mode: recurring
        schedule: "0 3 * * *"
        source: { file: "data/accounts-*.csv", pick: newest }
        columns:
          - { from: Account ID, to: account_id }
          - { from: Account Name, to: account_name, trim: true }
          - { from: Annual Revenue, to: ARR, number: { thousands: "," } }
          - { from: Renewal, to: Renewal Date, date: { formats: ["MM/dd/yyyy"], timezone: America/New_York } }
          - { from: Tier, to: Health Segment, map: { green: healthy, yellow: AT RISK, red: Critical } }
        defaults: { Region: delete, Health Segment: { value: at risk } }
        max_rejected_rows: "2.5%"

        """

    func plan(_ text: String = spec) throws -> Plan {
        let (diagnostics, plan) = SpecHarness.compile(text, model: SpecHarness.model())
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(plan)
    }

    @Test func planResolvesColumnsCoercersAndDefaults() throws {
        let plan = try plan()
        #expect(plan.key == ["account_id"])
        #expect(plan.duplicates == .lastWins)
        #expect(plan.schedule == "0 3 * * *")
        #expect(plan.maxRejectedRows == PlanRejectLimit(kind: "percent", value: 2.5))
        #expect(plan.columns.map(\.to) == ["account_id", "account_name", "ARR", "Renewal Date", "Health Segment"])
        let arr = try #require(plan.columns.first { $0.to == "ARR" })
        #expect(arr.coercer.type == .currency && arr.coercer.thousands == "," && arr.coercer.decimal == "." && arr.coercer.stripCurrency)
        #expect(arr.empty == "keep")
        let renewal = try #require(plan.columns.first { $0.to == "Renewal Date" })
        #expect(renewal.coercer.formats == ["MM/dd/yyyy"] && renewal.coercer.timezone == "America/New_York")
        let segment = try #require(plan.columns.first { $0.to == "Health Segment" })
        // Map targets and default values take the model's casing.
        #expect(segment.coercer.map?.map(\.to) == ["Healthy", "At Risk", "Critical"])
        #expect(segment.emptyValue == "At Risk")
        let defaults = Dictionary(uniqueKeysWithValues: plan.defaults.map { ($0.attribute, $0) })
        #expect(defaults["Region"] == PlanDefault(attribute: "Region", policy: "delete", value: nil, origin: "spec"))
        #expect(defaults["Last Sync"]?.policy == "today")
        #expect(defaults["Health Segment"]?.origin == "spec")
        #expect(plan.digests.spec.hasPrefix("sha256:") && plan.digests.model.hasPrefix("sha256:"))
    }

    @Test func oneTimeFailsOnDuplicatesAndEventsAppend() throws {
        let oneTime = try plan(Self.spec.replacingOccurrences(of: "mode: recurring\nschedule: \"0 3 * * *\"", with: "mode: one-time"))
        #expect(oneTime.duplicates == .fail)
        let events = try plan(
            "integration: e\nobject: usage.activity\nmode: one-time\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: M, to: module }\n  - { from: X, to: action }\n")
        #expect(events.duplicates == .append && events.key.isEmpty)
    }

    @Test func nonAccountDefaultsAreFixedDelete() throws {
        let plan = try plan("integration: u\nobject: user\nmode: one-time\ncolumns:\n  - { from: U, to: user_id }\n  - { from: A, to: account_id }\n  - { from: T, to: Title }\n")
        #expect(plan.defaults == [PlanDefault(attribute: "Title", policy: "delete", value: nil, origin: "fixed")])
        #expect(plan.rowRules.accountMustExist)
    }

    @Test func compilingTwiceGivesTheSameBytes() throws {
        let first = try PlanEncoder.encode(try plan())
        let second = try PlanEncoder.encode(try plan())
        #expect(first == second)
        #expect(try PlanEncoder.decode(first) == (try plan()))
    }

    @Test func planSnapshot() throws {
        let json = String(decoding: try PlanEncoder.encode(try plan()), as: UTF8.self)
        assertSnapshot(json, named: "accounts-crm.plan.json")
    }

    @Test func aggregatedUsageAcceptsModuleActionColumns() throws {
        let plan = try plan(
            "integration: d\nobject: usage.aggregated\nmode: one-time\nusage_columns: all\ncolumns:\n  - { from: A, to: account_id }\n  - { from: R, to: \"Reports##View Report\" }\n")
        #expect(plan.usageColumns == "all")
        #expect(plan.columns.last?.target == .usageMetric && plan.columns.last?.type == .number)
        SpecHarness.assertDiagnostics(
            "integration: d\nobject: usage.aggregated\nmode: one-time\ncolumns:\n  - { from: A, to: account_id }\n  - { from: R, to: 1️⃣\"##View\" }\n",
            [("1️⃣", .invalidValue)])
    }

    @Test func moreThanAThousandColumnsIsAnError() {
        var text = "integration: d\nobject: usage.aggregated\nmode: one-time\n1️⃣columns:\n  - { from: A, to: account_id }\n"
        for i in 0..<1000 { text += "  - { from: C\(i), to: \"M##A\(i)\" }\n" }
        SpecHarness.assertDiagnostics(text, [("1️⃣", .tooManyColumns)])
    }

    @Test func attributeRemovedFromModelWhileRecurringIntegrationMapsIt() throws {
        let baseline = SpecHarness.model()
        let current = Fixtures.model.replacingOccurrences(of: "    Region:         { type: text, default: keep }\n", with: "")
        let recurring = "integration: t\nobject: account\nmode: recurring\nschedule: \"0 3 * * *\"\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: R, to: 1️⃣Region }\n"
        SpecHarness.assertDiagnostics(recurring, model: current, [("1️⃣", .removedAttributeMapped)], baseline: baseline)
        // A one-time integration may lose the attribute: it is then simply unknown.
        let oneTime = "integration: t\nobject: account\nmode: one-time\ncolumns:\n  - { from: Account ID, to: account_id }\n  - { from: R, to: 1️⃣Region }\n"
        SpecHarness.assertDiagnostics(oneTime, model: current, [("1️⃣", .unknownAttribute)], baseline: baseline)
    }

    @Test(arguments: ObjectKind.allCases)
    func everyKindCompilesWithItsRequiredFields(_ kind: ObjectKind) throws {
        var columns = kind.systemFields.filter(\.required).map { "  - { from: \"\($0.name) col\", to: \($0.name) }" }
        if let group = kind.oneOfGroups.first { columns.append("  - { from: X, to: \(group[0]) }") }
        let collection = kind == .collection ? "collection: Opportunities\n" : ""
        let plan = try plan("integration: k\nobject: \(kind.rawValue)\n\(collection)mode: one-time\ncolumns:\n" + columns.joined(separator: "\n") + "\n")
        #expect(plan.object == kind)
        #expect(Set(kind.key).isSubset(of: Set(kind.systemFields.map(\.name))))
    }
}
