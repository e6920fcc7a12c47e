import IntakeDiagnostics
import IntakeTestSupport
import Testing

/// The model's own rules (DESIGN §4), each reported at the marked place.
@Suite struct ModelCheckTests {
    @Test func theFixtureModelIsClean() {
        SpecHarness.assertModelDiagnostics(Fixtures.model, [])
    }

    @Test func listWithoutValues() {
        SpecHarness.assertModelDiagnostics(
            "model: 1\naccount:\n  attributes:\n    Tier: { type: 1️⃣list }\n", [("1️⃣", .invalidAttribute)])
    }

    @Test func valuesOnANonList() {
        SpecHarness.assertModelDiagnostics(
            "model: 1\naccount:\n  attributes:\n    Tier: { type: text, values: 1️⃣[a, b] }\n", [("1️⃣", .invalidAttribute)])
    }

    @Test func userAttributesCannotBeLists() {
        SpecHarness.assertModelDiagnostics(
            "model: 1\nuser:\n  attributes:\n    Tier: { type: 1️⃣list, values: [a] }\n", [("1️⃣", .invalidAttribute)])
    }

    @Test func duplicateValuesIgnoringCase() {
        SpecHarness.assertModelDiagnostics(
            "model: 1\naccount:\n  attributes:\n    Tier: { type: list, values: [Gold, Silver, 1️⃣gold] }\nroles: [CSM, 2️⃣CSM]\n",
            [("1️⃣", .duplicateValue), ("2️⃣", .duplicateValue)])
    }

    @Test func defaultsFollowTheRules() {
        SpecHarness.assertModelDiagnostics(
            """
            model: 1
            account:
              attributes:
                A: { type: text, default: 1️⃣today }
                B: { type: number, default: 2️⃣{ value: "1,5" } }
                C: { type: list, values: [X, Y], default: 3️⃣{ value: Z } }
                D: { type: date, default: { value: 2026-01-31 } }
                E: { type: list, values: [X, Y], default: { value: x } }
                F: { type: date, default: 4️⃣sometimes }
            user:
              attributes:
                Title: { type: text, default: 5️⃣keep }
                Phone: { type: text, default: delete }
            collections:
              Deals:
                attributes:
                  Stage: { type: text, default: 6️⃣{ value: Open } }
            """,
            [
                ("1️⃣", .invalidDefault), ("2️⃣", .invalidDefault), ("3️⃣", .invalidDefault), ("4️⃣", .invalidValue),
                ("5️⃣", .defaultNotConfigurable), ("6️⃣", .defaultNotConfigurable),
            ])
    }

    @Test func rolesLicensesAndVersion() {
        SpecHarness.assertModelDiagnostics(
            "model: 1️⃣2\nroles: [CSM, 2️⃣Executive Sponsor]\nlicenses: [Spark, 3️⃣Zeo]\ntask: { 4️⃣priorites: [Low] }\n",
            [("1️⃣", .unsupportedVersion), ("2️⃣", .invalidValue), ("3️⃣", .invalidValue), ("4️⃣", .unknownKey)])
    }
}
